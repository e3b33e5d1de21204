// The network model on real containers: 5 smeshers and 2 PoETs confirm every layer and activate every epoch, then
// survive a restart of their Docker daemon: they sync, the verified layer catches up, no identity or PoST is lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSandbox } from "../../src/daemon/sandbox-registry.js";
import type { SandboxDaemon } from "../../src/daemon/sandbox-daemon.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import { fetchStatus } from "../../src/observe/standin-client.js";
import type { StandinStatus } from "../../src/standins/status.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";
import { eventually } from "../support/poll.js";

const PROFILE = "test/fixtures/integration/itnet.yaml";
const SMESHERS = 5;
const LAYERS_PER_EPOCH = 10;
const home = isolatedHome("itnet");
let host: SandboxDaemon;
let engine: DockerodeEngine;
/** The layer the daemon went down at. */
let downAt: number;

/** Every running stand-in's own view, by container name. */
async function views(): Promise<Map<string, StandinStatus>> {
  const containers = await engine.listContainers({ profile: "itnet" });
  const found = await Promise.all(containers.filter((c) => c.running && c.ip).map(async (c) => [c.name, await fetchStatus(c.ip!, 2_000)] as const));
  return new Map(found.filter((entry): entry is [string, StandinStatus] => entry[1] !== undefined));
}

const smeshers = (all: Map<string, StandinStatus>) => [...all.values()].filter((s) => s.role === "smesher");

/** Consecutive publish epochs of a smesher's ATXs, ending with the newest. */
function activeEpochs(s: StandinStatus): number[] {
  const epochs = [...new Set(s.atxs.map((a) => a.publishEpoch))].sort((a, b) => a - b);
  let from = epochs.length - 1;
  while (from > 0 && epochs[from - 1] === epochs[from]! - 1) from -= 1;
  return epochs.slice(from);
}

beforeAll(async () => {
  await requireDockerEngine();
  const up = await rebound(["up", PROFILE], home.env);
  expect(up.exitCode, up.stderr).toBe(0);
  host = (await loadSandbox("itnet.a"))!;
  engine = new DockerodeEngine(host.endpoint);
});

afterAll(async () => {
  await rebound(["down", PROFILE, "--volumes"], home.env);
  await rebound(["engine", "down"], home.env);
  await home.remove();
});

describe("a network of 5 smeshers and 2 PoETs", () => {
  it("confirms every layer and every smesher publishes its ATX in each of 3 epochs", async () => {
    const all = await eventually(
      "3 epochs of ATXs from every smesher",
      views,
      (v) => smeshers(v).length === SMESHERS && smeshers(v).every((s) => activeEpochs(s).length >= 3),
      90_000,
      1_000,
    );
    for (const s of smeshers(all)) {
      const start = s.tortoise.startLayer!;
      expect(s.currentLayer - start, s.id).toBeGreaterThanOrEqual(2 * LAYERS_PER_EPOCH);
      const since = s.hare.filter((h) => h.layer >= start);
      expect(since.filter((h) => h.outcome !== "confirmed"), s.id).toEqual([]);
      expect(s.verifiedLayer, s.id).toBeGreaterThanOrEqual(s.currentLayer - 2);
      // The weight Hare measures against is the 5 ATXs, each from a full PoET round (7 layers x 100 ticks).
      expect(s.epochWeight, s.id).toMatchObject({ genesis: false, activeSet: SMESHERS, total: SMESHERS * 10 * 700 });
      expect(s.atxs.slice(-3).map((a) => a.ticks), s.id).toEqual([700, 700, 700]);
      expect(s).toMatchObject({ syncState: "synced", peersReachable: SMESHERS - 1, starts: 1, postInits: 1 });
    }
  });

  it("after a daemon restart the smeshers sync, the verified layer catches up, and no identity or PoST is lost", async () => {
    // Just after the ATXs are out and the next round's registrations are in (both at the epoch's layer 2).
    await eventually("layer 3 of an epoch", views, (v) => smeshers(v)[0]!.currentLayer % LAYERS_PER_EPOCH === 3, 15_000, 200);
    const before = new Map(smeshers(await views()).map((s) => [s.id, s]));
    downAt = [...before.values()][0]!.currentLayer;
    await host.stop();
    await host.start();
    const after = await eventually(
      "every smesher restarted, synced, verified within 2 of the current layer",
      views,
      (v) => smeshers(v).length === SMESHERS && smeshers(v).every((s) => s.starts === 2 && s.syncState === "synced" && s.verifiedLayer >= s.currentLayer - 2),
      90_000,
      1_000,
    );
    for (const s of smeshers(after)) {
      const was = before.get(s.id)!;
      expect(s, s.id).toMatchObject({ key: was.key, identityCreatedAt: was.identityCreatedAt, identityChanges: 0, postInits: 1 });
      // This process's own path: notSynced at start, gossipSync after its first fetch, synced 2 layers later.
      const [gossip, synced] = s.syncTransitions;
      expect(gossip!.state, s.id).toBe("gossipSync");
      expect(gossip!.layer, s.id).toBeGreaterThan(downAt);
      expect(synced, s.id).toEqual({ layer: gossip!.layer + 2, state: "synced" });
      // The outage had no Hare output: Tortoise healed it once the smeshers voted again.
      const gap = s.hare.filter((h) => h.layer >= downAt && h.layer < gossip!.layer);
      expect(gap.length, s.id).toBeGreaterThan(0);
      expect(gap.filter((h) => h.outcome !== "healed"), s.id).toEqual([]);
    }
    const poets = [...after.values()].filter((s) => s.role === "poet");
    expect(poets.map((p) => p.starts)).toEqual([2, 2]);
  });

  it("the PoET round the restart interrupted still ends on time, with its ticks shrunk by the downtime", async () => {
    // Down at layer 3 of epoch e: round e+1 (layers 5 of e to 2 of e+1) started while its PoETs were down.
    const round = Math.floor(downAt / LAYERS_PER_EPOCH) + 1;
    const done = await eventually(
      `every smesher's ATX from round ${round}`,
      views,
      (v) => smeshers(v).every((s) => s.atxs.some((a) => a.publishEpoch === round)),
      30_000,
      1_000,
    );
    for (const s of smeshers(done)) {
      const atx = s.atxs.find((a) => a.publishEpoch === round)!;
      expect(atx.ticks, s.id).toBeGreaterThan(0);
      expect(atx.ticks, s.id).toBeLessThan(700);
      expect(atx.weight, s.id).toBe(10 * atx.ticks);
    }
  });
});
