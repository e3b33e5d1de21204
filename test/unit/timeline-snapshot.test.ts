// snapshotOf: what of a stand-in's /status the timeline keeps, including why its verified layer is held back.
import { describe, expect, it } from "vitest";
import type { StandinStatus } from "../../src/standins/status.js";
import { changed, snapshotOf } from "../../src/timeline/events.js";

function status(over: Partial<StandinStatus> = {}): StandinStatus {
  return {
    role: "smesher", id: "x", key: "key-x", units: 10, starts: 1, startedAt: "", identityCreatedAt: "", identityChanges: 0,
    identityMismatch: null, phase: "synced", syncState: "synced", syncTransitions: [], postInits: 1, postInitDone: true,
    currentLayer: 30, currentEpoch: 3, verifiedLayer: 19,
    tortoise: { selfHealing: false, startLayer: 0, stalledAt: 20, lag: 11 },
    lastLayer: 30, resumedFromLayer: -1,
    hare: [
      { layer: 19, outcome: "confirmed", weight: 30, totalWeight: 30, voters: 3, via: "votes" },
      { layer: 20, outcome: "failed", weight: 10, totalWeight: 30, voters: 1, via: "votes" },
    ],
    epochWeight: { epoch: 3, total: 30, activeSet: 3, genesis: false, online: 10, own: 10 },
    peersReachable: 2, peersTotal: 2, requestErrors: 0, lateVotes: 2, atxs: [], atxsByEpoch: [], poetRegistrations: [],
    poetProofs: [], untrustedPoets: [], rounds: [], lastError: null,
    slowLayers: { count: 1, worstMs: 612, recent: [{ layer: 20, lateMs: 600, tookMs: 12 }] },
    ...over,
  };
}

describe("snapshotOf", () => {
  it("keeps the smesher's own record of the layer that stalls it, its late votes and its slow layers", () => {
    expect(snapshotOf(status())).toMatchObject({
      stalled: { layer: 20, outcome: "failed", weight: 10, total: 30, voters: 1, via: "votes" },
      lateVotes: 2,
      slowLayers: { count: 1, worstMs: 612 },
    });
  });

  it("has no stalled record when nothing holds the verified layer back, or its record left the window", () => {
    expect(snapshotOf(status({ tortoise: { selfHealing: false, startLayer: 0, stalledAt: null, lag: 1 } })).stalled).toBeUndefined();
    expect(snapshotOf(status({ hare: [] })).stalled).toBeUndefined();
  });

  it("takes a change in late votes or slow layers as a change worth an event", () => {
    const a = snapshotOf(status());
    expect(changed(a, snapshotOf(status()))).toBe(false);
    expect(changed(a, snapshotOf(status({ lateVotes: 3 })))).toBe(true);
    expect(changed(a, snapshotOf(status({ slowLayers: { count: 2, worstMs: 612, recent: [] } })))).toBe(true);
  });
});
