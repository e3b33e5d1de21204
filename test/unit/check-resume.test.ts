// resume over hand-made timelines: identity, PoST and progress carried across restarts, or lost.
import { describe, expect, it } from "vitest";
import { resumeCheck } from "../../src/checks/resume.js";
import { facts } from "../support/facts-builder.js";

/** sm-0 answers, goes away at 20 s and answers again at 23 s with `after` changed from its state before. */
function restarted(after: Parameters<ReturnType<typeof facts>["status"]>[2]) {
  return facts()
    .member("sm-0")
    .status(10, "sm-0", { starts: 1, lastLayer: 10 })
    .status(19, "sm-0", { starts: 1, lastLayer: 19 })
    .unreachable(20, "sm-0")
    .status(23, "sm-0", { starts: 2, lastLayer: 23, resumedFromLayer: 19, ...after })
    .build();
}

describe("resume", () => {
  it("passes a restart that kept identity, PoST and progress", () => {
    const v = resumeCheck(restarted({}));
    expect(v).toMatchObject({ status: "pass", value: "0 loss(es) over 1 restart(s)" });
  });

  it("fails a changed identity key", () => {
    const v = resumeCheck(restarted({ key: "key-2" }));
    expect(v.status).toBe("fail");
    expect(v.evidence).toEqual([{ subject: "sm-0", t: 23_000, detail: "identity key changed (identity lost)", failing: true }]);
  });

  it("fails a PoST initialisation after the restart", () => {
    const v = resumeCheck(restarted({ postInits: 2 }));
    expect(v.status).toBe("fail");
    expect(v.evidence[0]?.detail).toBe("PoST initialised again (2 initialisations)");
  });

  it("fails a start count that went back (the state was lost)", () => {
    const built = facts()
      .member("sm-0")
      .status(10, "sm-0", { starts: 3, lastLayer: 10 })
      .unreachable(20, "sm-0")
      .status(23, "sm-0", { starts: 1, lastLayer: 23 })
      .build();
    const v = resumeCheck(built);
    expect(v.status).toBe("fail");
    expect(v.evidence.map((e) => e.detail)).toContain("start count went back from 3 to 1 (state lost)");
  });

  it("fails progress resumed from far behind where it had got to", () => {
    const v = resumeCheck(restarted({ resumedFromLayer: 2 }));
    expect(v.status).toBe("fail");
    expect(v.evidence[0]?.detail).toBe("resumed from layer 2, had reached 19");
  });

  it("fails a state lost on the very first restart (start count 1 again, a new key)", () => {
    const v = resumeCheck(restarted({ starts: 1, key: "key-2", resumedFromLayer: -1 }));
    expect(v.status).toBe("fail");
  });

  it("is n/a when no stand-in restarted", () => {
    const built = facts().member("sm-0").status(10, "sm-0").status(20, "sm-0", { lastLayer: 20 }).build();
    expect(resumeCheck(built).status).toBe("n/a");
  });
});
