// The first-cut network model: exact thresholds, vote acceptance, layer outcomes and the verified layer.
import { describe, expect, it } from "vitest";
import {
  acceptVote,
  advanceVerified,
  exceedsShare,
  genesisWeight,
  layerOutcome,
  pruneVotes,
  type Verification,
  type VoteBox,
} from "../../src/standins/simple-model.js";
import type { LayerRecord } from "../../src/standins/state.js";

const half: [number, number] = [1, 2];
const weight = genesisWeight([
  { id: "a", units: 30 },
  { id: "b", units: 25 },
  { id: "c", units: 25 },
  { id: "d", units: 20 },
]);

function outcomeWith(ids: string[]): LayerRecord {
  return layerOutcome(7, new Map(ids.map((id) => [id, weight.units.get(id) ?? 0])), weight, half);
}

describe("thresholds", () => {
  it("compares exactly: half is not more than half", () => {
    expect(exceedsShare(50, 100, half)).toBe(false);
    expect(exceedsShare(51, 100, half)).toBe(true);
    expect(exceedsShare(1, 3, [1, 3])).toBe(false);
    expect(exceedsShare(3, 9, [1, 3])).toBe(false);
    expect(exceedsShare(4, 9, [1, 3])).toBe(true);
  });

  it("never confirms against an empty epoch", () => {
    expect(exceedsShare(0, 0, half)).toBe(false);
  });
});

describe("layer outcome", () => {
  it("sums the genesis set", () => {
    expect(weight).toMatchObject({ total: 100, activeSet: 4 });
  });

  it.each([
    ["all online", ["a", "b", "c", "d"], "confirmed", 100],
    ["45% offline", ["a", "b"], "confirmed", 55],
    ["exactly half offline", ["b", "c"], "failed", 50],
    ["75% offline", ["c"], "failed", 25],
    ["nobody", [], "failed", 0],
  ])("%s", (_name, ids, outcome, counted) => {
    expect(outcomeWith(ids as string[])).toEqual({ layer: 7, outcome, weight: counted, totalWeight: 100, voters: (ids as string[]).length });
  });
});

describe("acceptVote", () => {
  it("counts the active set's units, not what the vote claims, once per voter", () => {
    const box: VoteBox = new Map();
    expect(acceptVote(box, { id: "a", units: 999, layer: 10 }, 10, weight)).toBeNull();
    expect(acceptVote(box, { id: "a", units: 999, layer: 10 }, 10, weight)).toBeNull();
    expect([...(box.get(10) ?? [])]).toEqual([["a", 30]]);
  });

  it("rejects malformed votes, strangers and layers far from now", () => {
    const box: VoteBox = new Map();
    expect(acceptVote(box, null, 10, weight)).toMatch(/expected/);
    expect(acceptVote(box, { id: "a", layer: "x" }, 10, weight)).toMatch(/expected/);
    expect(acceptVote(box, { id: "zz", units: 1, layer: 10 }, 10, weight)).toMatch(/active set/);
    expect(acceptVote(box, { id: "a", units: 1, layer: 8 }, 10, weight)).toMatch(/outside/);
    expect(acceptVote(box, { id: "a", units: 1, layer: 12 }, 10, weight)).toMatch(/outside/);
    expect(acceptVote(box, { id: "a", units: 1, layer: 11 }, 10, weight)).toBeNull();
    expect(box.size).toBe(1);
  });

  it("prunes layers already evaluated", () => {
    const box: VoteBox = new Map([[1, new Map()], [2, new Map()], [3, new Map()]]);
    pruneVotes(box, 3);
    expect([...box.keys()]).toEqual([3]);
  });
});

describe("verified layer", () => {
  const rec = (layer: number, outcome: LayerRecord["outcome"]): LayerRecord => ({ layer, outcome, weight: 0, totalWeight: 0, voters: 0 });
  const fold = (records: LayerRecord[]): Verification =>
    records.reduce<Verification>((v, r) => advanceVerified(v, r), { verifiedLayer: -1, stalledAt: null });

  it("follows an unbroken run of confirmed layers", () => {
    expect(fold([rec(3, "confirmed"), rec(4, "confirmed"), rec(5, "confirmed")])).toEqual({ verifiedLayer: 5, stalledAt: null });
  });

  it("halts for good at the first failed layer, even when later layers confirm", () => {
    expect(fold([rec(3, "confirmed"), rec(4, "failed"), rec(5, "confirmed"), rec(6, "confirmed")])).toEqual({ verifiedLayer: 3, stalledAt: 4 });
  });

  it("counts a healed layer as confirmed", () => {
    expect(fold([rec(3, "confirmed"), rec(4, "healed"), rec(5, "confirmed")]).verifiedLayer).toBe(5);
  });

  it("skips layers the process was down for and ignores replays", () => {
    expect(fold([rec(3, "confirmed"), rec(9, "confirmed"), rec(8, "failed")])).toEqual({ verifiedLayer: 9, stalledAt: null });
  });
});
