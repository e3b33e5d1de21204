// containment over hand-made timelines: only the experiment's own containers changed state.
import { describe, expect, it } from "vitest";
import { containmentCheck } from "../../src/checks/containment.js";
import { facts } from "../support/facts-builder.js";

describe("containment", () => {
  it("passes when only managed containers changed state", () => {
    const built = facts().member("sm-0").die(10, "sm-0", 137).start(11, "sm-0").docker(12, "someone-else", "exec_start", undefined, false).build();
    expect(containmentCheck(built)).toMatchObject({ status: "pass", value: "0 foreign event(s)" });
  });

  it("fails when a container without the experiment's labels died", () => {
    const built = facts().member("sm-0").docker(15, "prod-db", "die", 0, false).build();
    const v = containmentCheck(built);
    expect(v.status).toBe("fail");
    expect(v.evidence).toEqual([{ subject: "prod-db", t: 15_000, detail: "die", failing: true }]);
  });
});
