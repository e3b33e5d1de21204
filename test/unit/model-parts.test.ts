// The model's pure parts on their own: exact thresholds, round timing, vote deadlines, Tortoise, sync, identity, ATXs.
import { describe, expect, it } from "vitest";
import { AtxStore, makeAtx, parseAtx } from "../../src/standins/model/atx.js";
import { exceeds } from "../../src/standins/model/fraction.js";
import { VoteBox, voteDeadlineMs, type LayerRecord } from "../../src/standins/model/hare.js";
import { MODEL_DEFAULTS, resolveParams, type ModelParams } from "../../src/standins/model/params.js";
import { postInitNeeded, postInitPlan, startIdentity } from "../../src/standins/model/post.js";
import { fullRoundTicks, openRound, registrationOpensLayer, roundEndLayer, roundStartLayer } from "../../src/standins/model/rounds.js";
import { bestResponse, SyncMachine, type SyncResponse } from "../../src/standins/model/sync.js";
import { Tortoise } from "../../src/standins/model/tortoise.js";
import { genesisEnd, genesisSet, isGenesisEpoch, Weights } from "../../src/standins/model/weight.js";

const clock = { genesisMs: 1_000_000, layerMs: 1000, layersPerEpoch: 10 };
const p: ModelParams = { ...MODEL_DEFAULTS, clock };

describe("exact thresholds", () => {
  it.each([
    [50, 100, [1, 2], false],
    [51, 100, [1, 2], true],
    [3, 9, [1, 3], false],
    [4, 9, [1, 3], true],
    [0, 0, [1, 2], false],
    // 3 x part is 2^53 + 1, which floating point rounds to 2^53 and would call "not more".
    [3002399751580331, 2 ** 53, [1, 3], true],
  ] as const)("%d of %d against %j -> %s", (part, total, fraction, expected) => {
    expect(exceeds(part, total, [...fraction])).toBe(expected);
  });
});

describe("PoET round timing (layersPerEpoch 10, phaseShift 5, cycleGap 3)", () => {
  it.each([
    [1, 5, 12, 2],
    [3, 25, 32, 22],
  ])("round %d runs %d-%d; a smesher registered in round r-1 registers from layer %d", (round, start, end, opens) => {
    expect([roundStartLayer(p, round), roundEndLayer(p, round), registrationOpensLayer(p, round)]).toEqual([start, end, opens]);
  });

  it("takes registrations for the next round to start, and counts 100 ticks per layer of execution", () => {
    const at = (layer: number) => clock.genesisMs + layer * clock.layerMs;
    expect([openRound(p, at(-3)), openRound(p, at(0)), openRound(p, at(4)), openRound(p, at(5)), openRound(p, at(24)), openRound(p, at(25))]).toEqual([1, 1, 1, 2, 3, 4]);
    expect(fullRoundTicks(p)).toBe(700);
  });
});

describe("vote box", () => {
  it("counts a vote once, before the deadline only, with the weight the receiver knows", () => {
    const box = new VoteBox();
    const vote = { id: "a", key: "k", layer: 7, weight: 999 };
    const start = clock.genesisMs + 7_000;
    expect(voteDeadlineMs(p, 7)).toBe(start + 500);
    expect(box.accept(p, vote, 30, start + 10)).toBe("counted");
    expect(box.accept(p, vote, 30, start + 20)).toBe("duplicate");
    expect(box.accept(p, { ...vote, id: "b" }, 20, start + 500)).toBe("late");
    expect(box.accept(p, { ...vote, id: "c" }, 0, start + 10)).toBe("inactive");
    expect(box.accept(p, { ...vote, id: "d", layer: 9 }, 5, start + 10)).toBe("early");
    expect(box.evaluate(7, 60, [1, 2])).toEqual({ layer: 7, outcome: "failed", weight: 30, total: 60, voters: 1, via: "votes" });
    expect(box.late).toBe(1);
  });
});

const rec = (layer: number, outcome: LayerRecord["outcome"], weight = 100, total = 100): LayerRecord => ({ layer, outcome, weight, total, voters: 1, via: "votes" });

describe("tortoise", () => {
  it("starts at the first confirmed layer and halts for good at a failed one without self-healing", () => {
    const t = new Tortoise({ selfHealing: false, zdist: 2, tortoiseThreshold: [1, 3] });
    [rec(3, "failed", 10), rec(4, "confirmed"), rec(5, "confirmed"), rec(6, "failed", 40), rec(7, "confirmed"), rec(8, "confirmed")].forEach((r) => t.record(r));
    expect({ start: t.start, verified: t.verified, stalledAt: t.stalledAt() }).toEqual({ start: 4, verified: 5, stalledAt: 6 });
  });

  it("heals zdist layers later only when each layer since carries more than the threshold: 1/3 is not enough", () => {
    const heal = (since: number) => {
      const t = new Tortoise({ selfHealing: true, zdist: 2, tortoiseThreshold: [1, 3] });
      [rec(1, "confirmed"), rec(2, "failed", 0), rec(3, "failed", since, 300), rec(4, "failed", since, 300)].forEach((r) => t.record(r));
      return t.verified;
    };
    expect(heal(100)).toBe(1);
    expect(heal(101)).toBe(2);
  });

  it("takes a peer's records below what it watched, and fills what nobody had as failed", () => {
    const t = new Tortoise({ selfHealing: false, zdist: 2, tortoiseThreshold: [1, 3] });
    t.record(rec(10, "confirmed"));
    expect(t.adopt([rec(11, "confirmed"), rec(12, "confirmed"), rec(15, "confirmed")], 12, 10, 15)).toBe(2);
    expect([t.verified, t.fetchFrom()]).toEqual([12, 13]);
    expect(t.fillMissing(14)).toBe(2);
    expect(t.window(10).map((r) => `${r.layer}:${r.outcome}:${r.via}`)).toEqual(["10:confirmed:votes", "11:confirmed:sync", "12:confirmed:sync", "13:failed:none", "14:failed:none"]);
  });
});

describe("sync", () => {
  it("falls back to notSynced after missing more than maxLag layers", () => {
    const s = new SyncMachine(2, () => {});
    s.fetched(10);
    expect([s.onLayer(11, false), s.onLayer(12, false), s.state]).toEqual([null, "synced", "synced"]);
    expect([s.onLayer(16, true), s.state, s.observedFrom]).toEqual(["fellBehind", "notSynced", Infinity]);
  });

  it("prefers a synced peer, then the one that has seen most", () => {
    const r = (id: string, state: SyncResponse["state"], lastLayer: number) =>
      ({ id, state, lastLayer, verified: 0, start: 0, firstAtxTarget: null, records: [], atxs: [] }) satisfies SyncResponse;
    expect(bestResponse([r("a", "notSynced", 50), r("b", "synced", 40), r("c", "synced", 41), r("d", "gossipSync", 60)])?.id).toBe("c");
    expect(bestResponse([])).toBeUndefined();
  });
});

describe("identity and PoST at start", () => {
  const base = { id: "s1", nowMs: 0, newKey: () => "new" };
  const doc = { id: "s1", key: "old", createdAt: "" };
  it.each([
    ["first start", {}, { created: true, changed: false, key: "new" }],
    ["key file kept", { keyDoc: doc, known: doc, stateVersion: 2 }, { created: false, changed: false, key: "old" }],
    ["key file lost, state kept", { known: doc, stateVersion: 2 }, { created: true, changed: true, key: "new" }],
    ["format 1 state (key inside)", { known: doc, stateVersion: 1 }, { created: true, changed: false, key: "old" }],
  ])("%s", (_name, input, expected) => {
    const start = startIdentity({ ...base, ...input });
    expect({ created: start.created, changed: start.changed, key: start.identity.key }).toEqual(expected);
  });

  it("re-initialises without a marker or with another key's, and resumes an interrupted initialisation", () => {
    expect(postInitNeeded(undefined, doc)).toBe(true);
    expect(postInitNeeded({ id: "s1", key: "other", at: "" }, doc)).toBe(true);
    expect(postInitNeeded({ id: "s1", key: "old", at: "" }, doc)).toBe(false);
    expect(postInitPlan(true, null, doc, 3000)).toEqual({ counted: true, remainingMs: 3000 });
    expect(postInitPlan(true, { key: "old", doneMs: 1000 }, doc, 3000)).toEqual({ counted: false, remainingMs: 2000 });
  });
});

describe("ATXs and epoch weight", () => {
  it("checks the arithmetic of a gossiped ATX", () => {
    const atx = makeAtx("a", "k", 10, 3, 700, "poet-0");
    expect(parseAtx(JSON.parse(JSON.stringify(atx)))).toEqual(atx);
    expect(parseAtx({ ...atx, weight: 7001 })).toBeUndefined();
    expect(parseAtx({ ...atx, targetEpoch: 5 })).toBeUndefined();
  });

  it("keeps the genesis weight until the first ATXs' target epoch, then sums ATXs only", () => {
    const store = new AtxStore();
    let start: number | null = null;
    const weights = new Weights(p, genesisSet([{ id: "a", units: 10 }, { id: "b", units: 5 }]), store, () => start);
    expect(weights.isGenesis(3)).toBe(true); // a network that has not confirmed a layer yet is still forming
    start = 25; // it came up late: its first round was round 4 (layers 35-42), whose ATXs target epoch 5
    expect(weights.isGenesis(4)).toBe(true);
    store.add(makeAtx("a", "k", 10, 3, 700, "poet-0"));
    expect([2, 3, 4, 5].map((e) => weights.epoch(e).total)).toEqual([15, 15, 7000, 0]);
    expect(weights.voter(3, "b", "any")).toBe(5);
    expect(weights.voter(4, "a", "k")).toBe(7000);
  });

  it("ends the genesis weight at the target of the round open when the network first confirmed a layer", () => {
    // [start layer, first epoch without genesis weight]: registration for round r closes when it starts, (r-1) x 10 + 5.
    const cases: [number | null, number | null][] = [[null, null], [0, 2], [1, 2], [4, 2], [5, 3], [14, 3], [15, 4], [51, 7]];
    expect(cases.map(([start]) => genesisEnd(p, start))).toEqual(cases.map(([, end]) => end));
    expect(genesisEnd({ ...p, phaseShift: 0 }, 10)).toBe(4); // round 2 started with the epoch: round 3's ATXs target 4
    expect(genesisEnd({ ...p, phaseShift: 25 }, 12)).toBe(2); // never the epoch the network started in
  });

  it("never again genesis weight once past its end, with or without ATXs", () => {
    const store = new AtxStore();
    expect([1, 2, 3].map((e) => isGenesisEpoch(e, store, 3))).toEqual([true, true, false]); // no PoET: halts at epoch 3
    store.add(makeAtx("a", "k", 10, 4, 700, "poet-0")); // a late first ATX does not bring epoch 3 back
    expect([2, 3, 4].map((e) => isGenesisEpoch(e, store, 3))).toEqual([true, false, false]);
    expect([4, 5].map((e) => isGenesisEpoch(e, store, null))).toEqual([true, false]); // no start known: the first ATX decides
    expect(isGenesisEpoch(1, new AtxStore([makeAtx("x", "k", 1, 0, 1, "p")]), null)).toBe(true); // no ATX can target epoch 1
  });

  it("defaults what the profile does not set", () => {
    const params = resolveParams({ clock, consensus: { hareThreshold: [2, 3], tortoiseThreshold: [1, 3], selfHealing: true, zdist: 4, phaseShift: 5, cycleGap: 3, postInitLayers: 1 } });
    expect(params).toMatchObject({ hareThreshold: [2, 3], zdist: 4, syncGossipLayers: 2, maxLagLayers: 3, voteDeadline: [1, 2], poetRetryLayers: 1 });
  });
});
