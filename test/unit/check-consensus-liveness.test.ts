// consensus-liveness over hand-made timelines: never stalls, stalls and catches up in time, or stalls for good.
import { describe, expect, it } from "vitest";
import { consensusLivenessCheck } from "../../src/checks/consensus-liveness.js";
import { facts, profileWith } from "../support/facts-builder.js";

const budget = (layers: number) => profileWith("checks:", `  consensus-liveness: { budgetLayers: ${layers} }`);
/** Verified one layer behind, except stuck at `stuck` from layer stuck + 1 until `until`. */
const stall = (stuck: number, until: number) => (current: number) => (current > stuck && current < until ? stuck : current - 1);

describe("consensus-liveness", () => {
  it("passes a network whose verified layer never fell behind", () => {
    const built = facts().member("sm-0").fault("kill", 20, 20, ["sm-1"]).layers("sm-0", 1, 60, (c) => c - 1).build();
    const v = consensusLivenessCheck(built);
    expect(v).toMatchObject({ status: "pass", value: "max lag 1 layers", reason: "the verified layer never fell behind" });
  });

  it("passes a stall that catches up within the budget after the fault", () => {
    const built = facts(budget(10)).member("sm-0").fault("daemon-restart", 20, 25, ["sm-1"]).layers("sm-0", 1, 60, stall(19, 28)).build();
    const v = consensusLivenessCheck(built);
    expect(v.status).toBe("pass");
    expect(v.reason).toBe("caught up within 10 layers of the last fault");
  });

  it("fails a network that stalled for good, naming the layer", () => {
    const built = facts().member("sm-0").fault("unattended-upgrade", 20, 25, ["sm-1"]).layers("sm-0", 1, 60, stall(19, 999)).build();
    const v = consensusLivenessCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("verified stuck at 19, current 60");
    expect(v.reason).toMatch(/^consensus stalled from layer 20 \(about 20 s into the run\)/);
  });

  it("fails a stall that caught up only after the budget", () => {
    const built = facts(budget(10)).member("sm-0").fault("daemon-restart", 20, 25, ["sm-1"]).layers("sm-0", 1, 60, stall(19, 45)).build();
    const v = consensusLivenessCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("caught up 20 layers after the last fault (budget 10)");
  });

  // A kill is over in an instant; the lag it causes shows a layer or two later, after the fault has "ended".
  it("fails a late catch-up after an instant fault, whose stall only shows after the fault ended", () => {
    const built = facts(budget(10)).member("sm-0").fault("kill", 20, 20, ["sm-1"]).layers("sm-0", 1, 60, stall(19, 50)).build();
    const v = consensusLivenessCheck(built);
    expect(v.status).toBe("fail");
  });

  it("does not count the warm-up before the faults (PoST initialisation) as a stall", () => {
    const built = facts(budget(5)).member("sm-0").fault("kill", 30, 30, ["sm-1"]).layers("sm-0", 1, 60, (c) => (c < 12 ? -1 : c - 1)).build();
    expect(consensusLivenessCheck(built).status).toBe("pass");
  });

  it("takes the best reachable smesher, so one lagging smesher is not a stall", () => {
    const built = facts().member("sm-0").member("sm-1").layers("sm-0", 1, 40, (c) => c - 1).layers("sm-1", 1, 40, () => 3).build();
    expect(consensusLivenessCheck(built).status).toBe("pass");
  });

  it("fails when no smesher ever answered", () => {
    const v = consensusLivenessCheck(facts().member("sm-0").unreachable(5, "sm-0").build());
    expect(v).toMatchObject({ status: "fail", value: "no data" });
  });
});

describe("consensus-liveness when smeshers stop answering", () => {
  it("fails when every smesher is down from a fault to the end, judged at the end and not at the last answer", () => {
    const built = facts()
      .member("sm-0")
      .member("sm-1")
      .poet("poet-0")
      .fault("api-kill", 30, 30, ["sm-0", "sm-1"])
      .layers("sm-0", 1, 30, (c) => c - 1)
      .layers("sm-1", 1, 30, (c) => c - 1)
      .unreachable(31, "sm-0")
      .unreachable(31, "sm-1")
      .layers("poet-0", 1, 60, () => -1, { role: "poet" })
      .endAt(60)
      .build();
    const v = consensusLivenessCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("verified stuck at 29, current 60");
    expect(v.evidence.some((e) => e.detail.includes("no smesher answering"))).toBe(true);
  });

  it("still fails when nothing at all is observed after the smeshers went silent", () => {
    const built = facts().member("sm-0").fault("api-kill", 30, 30, ["sm-0"]).layers("sm-0", 1, 30, (c) => c - 1).unreachable(31, "sm-0").endAt(60).build();
    expect(consensusLivenessCheck(built)).toMatchObject({ status: "fail", value: "verified stuck at 29, current 60" });
  });

  it("passes when the smeshers come back and the network catches up within the budget", () => {
    const built = facts(budget(10))
      .member("sm-0")
      .fault("kill", 30, 30, ["sm-0"])
      .layers("sm-0", 1, 30, (c) => c - 1)
      .unreachable(31, "sm-0")
      .layers("sm-0", 34, 60, (c) => c - 1)
      .endAt(60)
      .build();
    expect(consensusLivenessCheck(built).status).toBe("pass");
  });

  it("reports the largest lag since the first fault, not the warm-up's", () => {
    const built = facts(budget(5)).member("sm-0").fault("kill", 30, 30, ["sm-1"]).layers("sm-0", 1, 60, (c) => (c < 12 ? -1 : c - 1)).build();
    expect(consensusLivenessCheck(built).value).toBe("max lag 1 layers");
  });

  it("on a stall, shows each smesher's own record of the stalled layer and what came late in its process", () => {
    const stalled = { layer: 20, outcome: "failed", weight: 20, total: 40, voters: 2, via: "votes" };
    const built = facts()
      .member("sm-0")
      .member("sm-1")
      .fault("unattended-upgrade", 20, 25, ["sm-1"])
      .layers("sm-0", 1, 60, stall(19, 999), { stalled, lateVotes: 3, slowLayers: { count: 2, worstMs: 640 } })
      .layers("sm-1", 1, 60, stall(19, 999), { stalled: { ...stalled, weight: 40, voters: 0, via: "sync" }, lateVotes: 0 })
      .build();
    const v = consensusLivenessCheck(built);
    expect(v.status).toBe("fail");
    const views = v.evidence.filter((e) => e.subject !== "network").map((e) => `${e.subject}: ${e.detail}`);
    expect(views).toEqual([
      "sm-0: layer 20 failed with 20 of 40 weight from 2 voter(s) (Hare needs more than 1/2); 3 vote(s) arrived after the deadline; 2 layer(s) whose work began or ran late, the worst by 640 ms",
      "sm-1: layer 20 failed with 40 of 40 weight as a peer reported it (Hare needs more than 1/2)",
    ]);
  });

  it("adds no smesher views to a pass", () => {
    const built = facts().member("sm-0").fault("kill", 20, 20, ["sm-1"]).layers("sm-0", 1, 60, (c) => c - 1, { lateVotes: 4 }).build();
    expect(consensusLivenessCheck(built).evidence.every((e) => e.subject === "network")).toBe(true);
  });
});
