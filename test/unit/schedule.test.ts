import { describe, expect, it } from "vitest";
import { scheduleFaults } from "../../src/run/schedule.js";
import { faultSchema } from "../../src/profile/schema.js";

// Genesis 10 s before the run; 1 s layers, 10 per epoch: layer L is at (L - 10) s into the run.
const clock = { runStartWallMs: 1_000_000, genesisMs: 990_000, layerMs: 1000, layersPerEpoch: 10 };
const fault = (at: object, repeat?: object) => faultSchema.parse({ fault: "kill", at, ...(repeat ? { repeat } : {}) });

describe("scheduleFaults", () => {
  it("places faults after the steady state, at a layer, or in an epoch's registration window", () => {
    const schedule = scheduleFaults([fault({ after: 3 }), fault({ layer: 30 }), fault({ registrationWindow: 4 })], clock, 5_000, 5);
    expect(schedule.map((s) => [s.id, s.atT, s.late])).toEqual([
      ["f1", 8_000, undefined],
      ["f2", 20_000, undefined],
      ["f3", 31_000, undefined],
    ]);
  });

  it("expands repetitions", () => {
    expect(scheduleFaults([fault({ after: 0 }, { every: 10, count: 3 })], clock, 5_000, 5).map((s) => [s.id, s.atT])).toEqual([
      ["f1.1", 5_000],
      ["f1.2", 15_000],
      ["f1.3", 25_000],
    ]);
  });

  it("injects a fault whose layer passed before the steady state at once, and says so", () => {
    const [late] = scheduleFaults([fault({ layer: 12 })], clock, 5_000, 5);
    expect(late).toMatchObject({ atT: 5_000, late: "layer 12 had passed when the steady state was reached" });
  });
});
