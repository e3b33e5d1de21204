// endWindow: a run observes at least until the first epoch that could lack the ATXs its last fault kept back.
import { describe, expect, it } from "vitest";
import { endWindow } from "../../src/run/end-window.js";
import type { RunClock } from "../../src/timeline/clock.js";

// Genesis at t = 0: layer n begins n s into the run; 10 layers an epoch, PoET rounds start 5 layers into an epoch.
const clock: RunClock = { runStartWallMs: 1_000_000, genesisMs: 1_000_000, layerMs: 1000, layersPerEpoch: 10 };

describe("endWindow", () => {
  it("keeps end.afterLayers when it already reaches the epoch the ATXs target", () => {
    // A fault at layer 13 (epoch 1, round 2 registering): round 2's ATXs target epoch 3, from layer 30.
    expect(endWindow(clock, 5, 13_500, 25)).toEqual({ endLayer: 39 });
  });

  it("extends it, and says why, when the ATX epoch begins after the end", () => {
    // poet-outage: a kill at layer 33, 15 layers asked (end 49); round 4 registers then, its ATXs target epoch 5.
    const end = endWindow(clock, 5, 33_200, 15);
    expect(end.endLayer).toBe(52);
    expect(end.extendedFor).toBe(
      "observing 3 layer(s) past end.afterLayers (15): ATXs the last fault (layer 33, epoch 3) kept from being published would first be missed in epoch 5, from layer 50",
    );
  });

  it("moves to the next round once registration closed (the round's start)", () => {
    expect(endWindow(clock, 5, 14_900, 1).endLayer).toBe(32); // layer 14: round 2 still registering, epoch 3
    expect(endWindow(clock, 5, 15_100, 1).endLayer).toBe(42); // layer 15: round 2 started, round 3 registers, epoch 4
  });
});
