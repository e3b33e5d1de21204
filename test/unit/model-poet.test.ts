// Issue 3's PoET scenarios, one table row each: all PoETs down across a round start, a PoET restart mid-round.
import { describe, expect, it } from "vitest";
import { Sim, type Script } from "../../src/standins/model/memory-network.js";
import type { DocName } from "../../src/standins/model/transport.js";

const UNITS: Record<string, number> = { a: 30, b: 20, c: 15, d: 10, e: 10, f: 5, g: 5, h: 5 };
const SMESHERS = Object.keys(UNITS);
// Round 3 serves publish epoch 3: it runs from layer 25 (epoch 2 + phaseShift 5) to 32 (epoch 3 + 5 - cycleGap 3).
const ROUND = 3;

const atxOf = (sim: Sim, id: string, publishEpoch: number) => sim.status(id).atxs.find((a) => a.publishEpoch === publishEpoch);

interface Row {
  name: string;
  poets: string[];
  script: Script;
  until: number;
  check: (sim: Sim) => void;
}

function restartPoet(down: number, up: number, options: { lose?: DocName[]; crash?: boolean } = {}): Script {
  return {
    [down]: (sim) => sim.stop("poet-0", options.crash ? "crash" : "clean"),
    [up]: (sim) => sim.start("poet-0", options.lose ?? []),
  };
}

const rows: Row[] = [
  {
    name: "all PoETs down across a round start: no ATXs for that epoch, no weight in the next",
    poets: ["poet-0", "poet-1"],
    // From the end of round 2 (layer 22, when smeshers register for round 3) until after round 3 starts at 25.
    script: {
      22: (sim) => ["poet-0", "poet-1"].forEach((p) => sim.stop(p)),
      26: (sim) => ["poet-0", "poet-1"].forEach((p) => sim.start(p)),
    },
    until: 52,
    check(sim) {
      for (const id of SMESHERS) {
        const s = sim.status(id);
        const round3 = s.poetRegistrations.filter((r) => r.epoch === ROUND);
        expect(round3.length).toBe(2);
        expect(round3.every((r) => !r.ok && r.error === "unreachable")).toBe(true);
        expect(atxOf(sim, id, 2)).toBeDefined(); // round 2's proof was waiting when they came back
        expect(atxOf(sim, id, ROUND)).toBeUndefined();
        expect(atxOf(sim, id, 4)).toBeDefined(); // registered for round 4 as soon as a PoET answered
        expect(sim.node(id).myWeight(4)).toBe(0);
        expect(sim.node(id).myWeight(5)).toBe(UNITS[id]! * 700);
      }
      const hare = sim.status("h").hare;
      expect(hare.filter((h) => h.layer >= 40 && h.layer <= 49).every((h) => h.outcome === "failed" && h.totalWeight === 0)).toBe(true);
      expect(hare.filter((h) => h.layer >= 50).every((h) => h.outcome === "confirmed")).toBe(true);
    },
  },
  {
    name: "PoET restart mid-round with resume: the round goes on, its ticks shrink by the downtime",
    poets: ["poet-0"],
    script: restartPoet(27, 29),
    until: 33,
    check(sim) {
      const round = sim.status("poet-0").rounds.find((r) => r.epoch === ROUND)!;
      expect(round).toMatchObject({ state: "done", executedMs: 5_000, ticks: 500, registrations: SMESHERS });
      for (const id of SMESHERS) expect(atxOf(sim, id, ROUND)).toMatchObject({ ticks: 500, weight: UNITS[id]! * 500 });
      expect(sim.status("poet-0").starts).toBe(2);
    },
  },
  {
    name: "PoET killed mid-round (no clean stop): the work since its last persist is lost too",
    poets: ["poet-0"],
    script: restartPoet(27, 29, { crash: true }),
    until: 33,
    check(sim) {
      // Persisted at layer 26's tick; killed at 27's start: one more layer of work gone.
      expect(sim.status("poet-0").rounds.find((r) => r.epoch === ROUND)).toMatchObject({ executedMs: 4_000, ticks: 400 });
      for (const id of SMESHERS) expect(atxOf(sim, id, ROUND)?.ticks).toBe(400);
    },
  },
  {
    name: "PoET restart mid-round without resume: registrations and key lost, no proofs, no ATXs",
    poets: ["poet-0"],
    script: restartPoet(27, 29, { lose: ["state", "key"] }),
    until: 45,
    check(sim) {
      const poet = sim.status("poet-0");
      expect(poet.starts).toBe(1);
      expect(poet.rounds.find((r) => r.epoch === ROUND)).toBeUndefined();
      for (const id of SMESHERS) {
        const s = sim.status(id);
        expect(atxOf(sim, id, ROUND)).toBeUndefined();
        expect(s.untrustedPoets).toEqual(["poet-0"]);
        expect(sim.node(id).myWeight(4)).toBe(0);
      }
    },
  },
];

describe("PoET scenarios", () => {
  it.each(rows)("$name", async (row) => {
    const sim = new Sim({ smeshers: Object.entries(UNITS).map(([id, units]) => ({ id, units })), poets: row.poets });
    await sim.run(row.until, row.script);
    row.check(sim);
  });
});
