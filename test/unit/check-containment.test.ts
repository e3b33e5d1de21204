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
    expect(v.evidence).toEqual([{ subject: "prod-db", t: 15_000, detail: "die while no daemon fault was on host a", failing: true }]);
  });
});

describe("containment on a shared engine: the user's containers before and after each daemon fault", () => {
  const sharedRun = () =>
    facts()
      .member("sm-0")
      .foreign(9, "user-db", true, "always", "f1")
      .foreign(9, "user-cron", true, "no", "f1")
      .fault("daemon-restart", 10, 14, ["sm-0"])
      .docker(10.5, "user-db", "die", 0, false)
      .docker(10.6, "user-cron", "die", 0, false)
      .docker(13.5, "user-db", "start", undefined, false);

  it("fails on the one a daemon fault stopped that did not come back, naming its policy, and shows the one that did", () => {
    const v = containmentCheck(sharedRun().foreign(40, "user-db", true, "always").foreign(40, "user-cron", false, "no").endAt(40).build());
    expect(v.status).toBe("fail");
    expect(v.value).toBe("0 foreign event(s), 2 foreign container(s) watched, 1 down after a daemon fault");
    expect(v.evidence[0]).toMatchObject({ subject: "user-cron (host a, restart no)", failing: true });
    expect(v.evidence[0]!.detail).toContain("its restart policy (no) did not bring it back");
    expect(v.evidence[1]).toMatchObject({ subject: "user-db (host a, restart always)", detail: "running before f1 daemon-restart and again after it" });
  });

  it("passes when every foreign container that ran before the daemon fault runs after it: their events under the fault are not ours", () => {
    const v = containmentCheck(sharedRun().foreign(40, "user-db", true, "always").foreign(40, "user-cron", true, "no").endAt(40).build());
    expect(v).toMatchObject({ status: "pass", value: "0 foreign event(s), 2 foreign container(s) watched, 0 down after a daemon fault" });
  });

  it("does not fail a container it could not read again: it says so instead", () => {
    const v = containmentCheck(sharedRun().endAt(40).build());
    expect(v.status).toBe("pass");
    expect(v.evidence.map((e) => e.detail)).toEqual([
      "running before f1 daemon-restart; not seen again (removed, or its engine was not read afterwards)",
      "running before f1 daemon-restart; not seen again (removed, or its engine was not read afterwards)",
    ]);
  });

  it("fails on a foreign container that changed state during a container fault: rebound must not have touched it", () => {
    const v = containmentCheck(facts().member("sm-0").foreign(9, "user-db", true, "always", "f1").fault("kill", 10, 11, ["sm-0"]).docker(10.5, "user-db", "die", 137, false).foreign(40, "user-db", true, "always").endAt(40).build());
    expect(v.status).toBe("fail");
    expect(v.evidence[0]).toMatchObject({ subject: "user-db", detail: "die while no daemon fault was on host a", failing: true });
  });
});
