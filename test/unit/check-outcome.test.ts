// outcomeOf: a run passes, fails, or, with a predicted failure, reproduces it exactly or not at all.
import { describe, expect, it } from "vitest";
import { inconclusiveReasons, outcomeOf, runChecks } from "../../src/checks/index.js";
import { faultEffect } from "../../src/checks/fault-effect.js";
import { facts, profileWith, verdict } from "../support/facts-builder.js";

const pass = { outcome: "pass" as const, failing: [] };
const predict = (...failing: ("consensus-liveness" | "restart-policy" | "poet-availability")[]) => ({ outcome: "reproduced" as const, failing });

describe("outcomeOf", () => {
  it("passes when nothing failed (n/a is not a failure)", () => {
    expect(outcomeOf([verdict("resume", "pass"), verdict("activation", "n/a")], pass)).toEqual({ outcome: "pass", unexpected: [], missing: [] });
  });

  it("fails when a check failed, naming it", () => {
    expect(outcomeOf([verdict("resume", "fail"), verdict("activation", "pass")], pass)).toEqual({ outcome: "fail", unexpected: ["resume"], missing: [] });
  });

  it("reproduces when exactly the predicted checks failed", () => {
    const verdicts = [verdict("restart-policy", "fail"), verdict("consensus-liveness", "fail"), verdict("resume", "pass"), verdict("activation", "n/a")];
    expect(outcomeOf(verdicts, predict("restart-policy", "consensus-liveness"))).toEqual({ outcome: "reproduced", unexpected: [], missing: [] });
  });

  it("does not reproduce when an unpredicted check failed too", () => {
    const verdicts = [verdict("restart-policy", "fail"), verdict("consensus-liveness", "fail"), verdict("containment", "fail")];
    expect(outcomeOf(verdicts, predict("restart-policy", "consensus-liveness"))).toEqual({ outcome: "not-reproduced", unexpected: ["containment"], missing: [] });
  });

  it("does not reproduce when a predicted check passed, or was n/a", () => {
    const verdicts = [verdict("restart-policy", "fail"), verdict("consensus-liveness", "pass"), verdict("poet-availability", "n/a")];
    expect(outcomeOf(verdicts, predict("restart-policy", "consensus-liveness", "poet-availability"))).toEqual({
      outcome: "not-reproduced",
      unexpected: [],
      missing: ["consensus-liveness", "poet-availability"],
    });
  });

  it("is inconclusive, never pass or reproduced, when there is a reason to doubt the run", () => {
    const why = ["fault f1 (kill) showed no effect on its targets"];
    expect(outcomeOf([verdict("resume", "pass")], pass, why).outcome).toBe("inconclusive");
    expect(outcomeOf([verdict("restart-policy", "fail"), verdict("consensus-liveness", "fail")], predict("restart-policy", "consensus-liveness"), why).outcome).toBe("inconclusive");
    // A failure stands: it was observed.
    expect(outcomeOf([verdict("resume", "fail")], pass, why).outcome).toBe("fail");
  });
});

describe("inconclusiveReasons", () => {
  it("a run without any fault proves nothing", () => {
    const built = facts().member("sm-0").endAt(30).build();
    expect(inconclusiveReasons(built, runChecks(built))).toEqual(["the method has no fault: nothing was put to the test"]);
  });

  it("a kill that took nothing down (no die, no restart, every answer on time) showed no effect", () => {
    const built = facts().member("sm-0").fault("kill", 10, 10, ["sm-0"]).layers("sm-0", 1, 30, (c) => c - 1).endAt(30).build();
    const reasons = inconclusiveReasons(built, runChecks(built));
    expect(reasons[0]).toMatch(/^fault f1 \(kill\) showed no effect on its targets: no target was seen going down/);
    expect(reasons).toContain("every check these faults are about is n/a: restart-policy, recovery-time, resume");
  });

  it("a kill that was seen is an effect; its checks judged it, so nothing is inconclusive", () => {
    const built = facts().member("sm-0").fault("kill", 10, 10, ["sm-0"]).die(10.1, "sm-0", 137).start(10.3, "sm-0").healthy(12, "sm-0").layers("sm-0", 1, 30, (c) => c - 1).endAt(30).build();
    expect(faultEffect(built, built.faults[0]!)).toMatchObject({ observed: true, detail: "sm-0 went down 10.1 s into the run" });
    expect(inconclusiveReasons(built, runChecks(built))).toEqual([]);
  });

  it("a daemon restart under live-restore is an effect on the daemon, but if nothing else is judged the run is inconclusive", () => {
    const profile = profileWith();
    profile.hosts.a = { ...profile.hosts.a!, liveRestore: true };
    const built = facts(profile).member("sm-0").fault("daemon-restart", 10, 15, ["sm-0"]).layers("sm-0", 1, 30, (c) => c - 1).endAt(30).build();
    expect(faultEffect(built, built.faults[0]!).observed).toBe(true);
    expect(inconclusiveReasons(built, runChecks(built))).toEqual(["every check these faults are about is n/a: restart-policy, graceful-shutdown, recovery-time, resume"]);
  });

  it("a partition is seen in the targets' answers: fewer peers, or none", () => {
    const cut = facts().member("sm-0").fault("partition", 10, 20, ["sm-0"]).layers("sm-0", 1, 30, (c) => c - 1).status(15, "sm-0", { peersReachable: 0, peersTotal: 1 }).endAt(30).build();
    expect(faultEffect(cut, cut.faults[0]!)).toMatchObject({ observed: true, detail: "sm-0 lost its peers 15.0 s into the run" });
    const missed = facts().member("sm-0").fault("partition", 10, 20, ["sm-0"]).layers("sm-0", 1, 30, (c) => c - 1).endAt(30).build();
    expect(faultEffect(missed, missed.faults[0]!).observed).toBe(false);
  });
});
