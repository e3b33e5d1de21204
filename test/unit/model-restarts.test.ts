// Issue 3's restart scenarios, one table row each: sync before voting, a lost PoST marker, a lost identity key.
import { describe, expect, it } from "vitest";
import type { Vote } from "../../src/standins/model/hare.js";
import { Sim, type Script } from "../../src/standins/model/memory-network.js";
import type { ModelParams } from "../../src/standins/model/params.js";
import type { StandinStatus, SyncState } from "../../src/standins/status.js";

const UNITS: Record<string, number> = { a: 30, b: 20, c: 15, d: 10, e: 10, f: 5, g: 5, h: 5 };
const WHO = "d";

interface Seen {
  /** WHO's sync state right after each (re)start and after each layer's tick. */
  states: { layer: number; state: SyncState | null }[];
  before?: StandinStatus;
}

/** Layers of WHO's votes that reached a peer, by the key they were signed with. */
function votedLayers(sim: Sim, key?: string): number[] {
  const votes = sim.net.sent.filter((m) => m.path === "/vote" && m.delivered).map((m) => m.body as Vote);
  return [...new Set(votes.filter((v) => v.id === WHO && (key === undefined || v.key === key)).map((v) => v.layer))].sort((a, b) => a - b);
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

interface Row {
  name: string;
  params?: Partial<Omit<ModelParams, "clock">>;
  down: number;
  up: number;
  lose: ("marker" | "key")[];
  until: number;
  check: (sim: Sim, seen: Seen) => void;
}

const rows: Row[] = [
  {
    name: "a restarted smesher goes notSynced -> gossipSync -> synced, and votes only then",
    down: 30,
    up: 33,
    lose: [],
    until: 40,
    check(sim, seen) {
      expect(seen.states.slice(0, 4)).toEqual([
        { layer: 33, state: "notSynced" }, // just started: nothing fetched yet
        { layer: 33, state: "gossipSync" }, // fetched from a peer during its first layer
        { layer: 34, state: "gossipSync" },
        { layer: 35, state: "synced" }, // syncGossipLayers = 2 later
      ]);
      expect(votedLayers(sim)).toEqual([...range(1, 29), ...range(35, 40)]);
      const s = sim.status(WHO);
      expect(s.hare.filter((h) => h.layer >= 30 && h.layer <= 33).every((h) => h.via === "sync" && h.outcome === "confirmed")).toBe(true);
      expect(s).toMatchObject({ starts: 2, verifiedLayer: 39, resumedFromLayer: 29, postInits: 1, key: seen.before!.key });
    },
  },
  {
    name: "PoST marker lost: initialises again (postInits 2) with the same key, then syncs",
    params: { postInitLayers: 3 },
    down: 30,
    up: 31,
    lose: ["marker"],
    until: 40,
    check(sim, seen) {
      expect(seen.states.filter((s) => s.layer <= 33).every((s) => s.state === "notSynced")).toBe(true);
      expect(seen.states.find((s) => s.state === "synced")?.layer).toBe(36);
      expect(sim.status(WHO)).toMatchObject({ postInits: 2, identityChanges: 0, key: seen.before!.key, starts: 2 });
      expect(votedLayers(sim).filter((l) => l >= 30)).toEqual(range(36, 40));
    },
  },
  {
    name: "identity key lost: a new identity (PoST again) with no weight until its first ATX",
    down: 33,
    up: 34,
    lose: ["key"],
    until: 55,
    check(sim, seen) {
      const s = sim.status(WHO);
      const node = sim.node(WHO);
      expect(s.key).not.toBe(seen.before!.key);
      expect(s).toMatchObject({ identityChanges: 1, postInits: 2, starts: 2 });
      // The old key's ATX still weighs in epoch 4's total, but nobody can vote with it any more.
      expect(node.atxs.get(4, WHO, seen.before!.key)?.weight).toBe(10 * 700);
      expect([3, 4].map((e) => node.myWeight(e))).toEqual([0, 0]);
      expect(node.myWeight(5)).toBe(10 * 700); // registered for round 4 at once, published in epoch 4
      expect(votedLayers(sim, s.key)).toEqual(range(50, 55));
    },
  },
];

describe("restart scenarios", () => {
  it.each(rows)("$name", async (row) => {
    const sim = new Sim({ smeshers: Object.entries(UNITS).map(([id, units]) => ({ id, units })), poets: ["poet-0", "poet-1"], params: row.params });
    const seen: Seen = { states: [] };
    const note = (s: Sim) => s.isUp(WHO) && s.layer >= row.up && seen.states.push({ layer: s.layer, state: s.status(WHO).syncState });
    const script: Script = {
      [row.down]: (s) => {
        seen.before = s.status(WHO);
        s.stop(WHO);
      },
      [row.up]: (s) => {
        s.start(WHO, row.lose);
        note(s);
      },
    };
    await sim.run(row.until, script, note);
    row.check(sim, seen);
  });
});
