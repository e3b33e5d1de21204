// Issue 3's consensus scenarios, one table row each: Hare's exact threshold, halting for good, Tortoise self-healing.
import { describe, expect, it } from "vitest";
import { epochOf } from "../../src/standins/model/clock.js";
import { Sim, type Script } from "../../src/standins/model/memory-network.js";
import type { ModelParams } from "../../src/standins/model/params.js";

// 100 units, so every share is exact: 45 = b+c+d, 50 = a+b, 40 = a+d, 60 = a+b+d, 75 = a+b+c+d.
const UNITS: Record<string, number> = { a: 30, b: 20, c: 15, d: 10, e: 10, f: 5, g: 5, h: 5 };
// Layer 25 is in epoch 2, after the ATXs for epoch 3 were published (round 2 ends at layer 22).
const FAULT = 25;
const OBSERVER = "h"; // always online

function offline(ids: string[], back?: number): Script {
  const script: Script = { [FAULT]: (sim) => ids.forEach((id) => sim.stop(id)) };
  if (back !== undefined) script[back] = (sim) => ids.forEach((id) => sim.start(id));
  return script;
}

interface Trace {
  /** The observer's verified layer after each layer's tick. */
  verified: number[];
}

interface Row {
  name: string;
  params?: Partial<Omit<ModelParams, "clock">>;
  script: Script;
  until: number;
  check: (sim: Sim, trace: Trace) => void;
}

const outcomes = (sim: Sim, id: string, from: number, to: number) =>
  sim.status(id).hare.filter((h) => h.layer >= from && h.layer <= to);
const running = (sim: Sim) => Object.keys(UNITS).filter((id) => sim.isUp(id));

const rows: Row[] = [
  {
    name: "all online: every layer confirmed",
    script: {},
    until: 45,
    check(sim, trace) {
      for (const id of Object.keys(UNITS)) {
        const s = sim.status(id);
        expect(s.tortoise.startLayer).toBe(1); // synced at once at genesis (nothing to catch up with), votes from layer 1
        expect(outcomes(sim, id, 1, 44).every((h) => h.outcome === "confirmed")).toBe(true);
        expect(s.verifiedLayer).toBe(44);
        expect(s.epochWeight).toMatchObject({ epoch: 4, genesis: false, total: 100 * 700, activeSet: 8 });
      }
      expect(trace.verified[10]).toBe(9);
    },
  },
  {
    name: "45% of the weight offline: 55% > 1/2, Hare still confirms",
    script: offline(["b", "c", "d"]),
    until: 45,
    check(sim) {
      for (const id of running(sim)) {
        expect(outcomes(sim, id, FAULT, 44).every((h) => h.outcome === "confirmed")).toBe(true);
        expect(sim.status(id).verifiedLayer).toBe(44);
      }
      const [first] = outcomes(sim, OBSERVER, FAULT, FAULT);
      expect(first!.weight * 100).toBe(first!.totalWeight * 55);
    },
  },
  {
    name: "exactly half offline: 1/2 is not more than 1/2, Hare fails",
    script: offline(["a", "b"]),
    until: 35,
    check(sim) {
      for (const id of running(sim)) {
        const failed = outcomes(sim, id, FAULT, 34);
        expect(failed.map((h) => h.outcome)).toEqual(Array(10).fill("failed"));
        expect(failed.every((h) => h.weight * 2 === h.totalWeight)).toBe(true);
        expect(sim.status(id)).toMatchObject({ verifiedLayer: FAULT - 1, tortoise: { stalledAt: FAULT } });
      }
    },
  },
  {
    name: "75% offline without self-healing: halts, and stays halted after they come back",
    script: offline(["a", "b", "c", "d"], 45),
    until: 60,
    check(sim) {
      for (const id of Object.keys(UNITS)) {
        expect(sim.status(id)).toMatchObject({ syncState: "synced", verifiedLayer: FAULT - 1, tortoise: { stalledAt: FAULT } });
      }
      // Hare itself works again once the epoch's weight is only the ATXs of those who stayed: too late, nothing heals.
      expect(outcomes(sim, OBSERVER, 50, 58).every((h) => h.outcome === "confirmed")).toBe(true);
    },
  },
  ...[
    { share: "40% offline (Hare at 2/3)", ids: ["a", "d"], params: { hareThreshold: [2, 3] as [number, number] } },
    { share: "60% offline (default thresholds)", ids: ["a", "b", "d"], params: {} },
  ].map(
    ({ share, ids, params }): Row => ({
      name: `${share} with self-healing for a few layers: Hare fails, Tortoise heals each layer zdist later`,
      params: { selfHealing: true, ...params },
      script: offline(ids, 30),
      until: 40,
      check(sim, trace) {
        const gap = outcomes(sim, OBSERVER, FAULT, 31);
        expect(gap.map((h) => h.outcome)).toEqual(Array(7).fill("healed"));
        // At layer T's tick layer T-1 is evaluated, and layer T-1-zdist healed: the gap closes zdist layers behind.
        for (let t = FAULT + 1; t <= 33; t++) expect(trace.verified[t]).toBe(Math.max(FAULT - 1, t - 1 - sim.p.zdist));
        expect(outcomes(sim, OBSERVER, 32, 39).every((h) => h.outcome === "confirmed")).toBe(true);
        for (const id of Object.keys(UNITS)) expect(sim.status(id).verifiedLayer).toBe(39);
      },
    }),
  ),
  {
    name: "75% offline for good with self-healing: nothing verifies while the old weight counts, then Hare and Tortoise recover",
    params: { selfHealing: true },
    script: offline(["a", "b", "c", "d"]),
    until: 50,
    check(sim, trace) {
      const since = outcomes(sim, OBSERVER, FAULT, 49);
      const back = since.find((h) => h.outcome === "confirmed")!;
      // Epoch 3 still weighs the ATXs the offline smeshers published at layer 22; epoch 4 only those who stayed.
      expect(epochOf(back.layer, 10)).toBe(4);
      expect(back.layer).toBe(40);
      expect(since.filter((h) => h.layer < 40).map((h) => h.outcome)).toEqual(Array(15).fill("healed"));
      expect(trace.verified[41]).toBe(FAULT - 1);
      expect(trace.verified[42]).toBe(41);
      expect(sim.status(OBSERVER).verifiedLayer).toBe(49);
      expect(sim.status(OBSERVER).epochWeight).toMatchObject({ epoch: 5, total: 25 * 700, activeSet: 4 });
    },
  },
];

describe("consensus scenarios", () => {
  it.each(rows)("$name", async (row) => {
    const sim = new Sim({ smeshers: Object.entries(UNITS).map(([id, units]) => ({ id, units })), poets: ["poet-0", "poet-1"], params: row.params });
    const trace: Trace = { verified: [] };
    await sim.run(row.until, row.script, (s) => (trace.verified[s.layer] = s.status(OBSERVER).verifiedLayer));
    row.check(sim, trace);
  });
});

describe("a network without PoETs", () => {
  // Genesis weight ends where the first ATXs could have counted (epoch 2 here): with no ATX, that epoch weighs nothing.
  it.each([
    { name: "never had one", poets: [] as string[], script: {} as Script },
    { name: "lost both before its first ATXs", poets: ["poet-0", "poet-1"], script: { 3: (sim: Sim) => ["poet-0", "poet-1"].forEach((id) => sim.stop(id)) } as Script },
  ])("$name: confirms epoch 1, then halts at epoch 2", async ({ poets, script }) => {
    const sim = new Sim({ smeshers: Object.entries(UNITS).map(([id, units]) => ({ id, units })), poets });
    await sim.run(35, script);
    for (const id of Object.keys(UNITS)) {
      const s = sim.status(id);
      expect(s.atxs ?? []).toEqual([]);
      expect(s.verifiedLayer).toBe(19);
      expect(outcomes(sim, id, 20, 34).every((h) => h.outcome !== "confirmed")).toBe(true);
    }
  });
});
