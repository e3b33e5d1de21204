// Soak: 30 restarts in a row of one sandbox daemon through its controller, with three stand-in containers that
// Docker restores each time; processes, mounts, interfaces, iptables rules and file descriptors (this process's
// and the daemon's) are counted before and after, and nothing may have grown.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { SandboxDaemon } from "../../src/daemon/sandbox-daemon.js";
import { loadSandbox } from "../../src/daemon/sandbox-registry.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import { readRecord } from "../../src/experiment/record.js";
import { fetchStatus } from "../../src/observe/standin-client.js";
import type { StandinStatus } from "../../src/standins/status.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";
import { countsTable, leakCounts } from "../support/leak-counts.js";
import { eventually } from "../support/poll.js";
import { writeProfile } from "../support/run-profile.js";

/** ENDURANCE_RESTARTS=n for a quick look; CI runs 30. */
const RESTARTS = Number(process.env.ENDURANCE_RESTARTS ?? 30);
const NAMES = ["itsoak-poet-0", "itsoak-s-0", "itsoak-s-1"];
const home = isolatedHome("endurance-soak");
const path = writeProfile(home.home, "itsoak", "  []");
let daemon: SandboxDaemon;
let engine: DockerodeEngine;
let bridge: string;

beforeAll(async () => {
  await requireDockerEngine();
  const up = await rebound(["up", path], home.env);
  expect(up.exitCode, up.stderr).toBe(0);
  const record = (await readRecord("itsoak"))!;
  bridge = record.bridgeName;
  daemon = (await loadSandbox(record.sandboxes[0]!))!;
  engine = new DockerodeEngine(daemon.endpoint);
});

afterAll(async () => {
  await rebound(["down", path, "--volumes"], home.env);
  await rebound(["engine", "down"], home.env);
  await home.remove();
});

/** Every stand-in running and answering with the given start count (its state restored, not started afresh). */
async function allBack(starts: number): Promise<StandinStatus[]> {
  return Promise.all(
    NAMES.map((name) =>
      eventually(
        `${name} back with ${starts} starts`,
        async () => {
          const c = await engine.inspectContainer(name);
          return c?.running && c.ip ? await fetchStatus(c.ip) : undefined;
        },
        (s) => s !== undefined && s.starts >= starts,
        60_000,
        200,
      ).then((s) => s!),
    ),
  );
}

/** Counts once the machine is quiet: idle keep-alive sockets (undici keeps them 4 s) are closed by then. */
async function settledCounts(): Promise<Record<string, number>> {
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  return leakCounts(daemon, bridge);
}

it(`survives ${RESTARTS} daemon restarts in a row without leaking`, async () => {
  const first = await allBack(1);
  const before = await settledCounts();
  const took: number[] = [];
  for (let k = 1; k <= RESTARTS; k++) {
    const t0 = Date.now();
    await daemon.stop();
    await daemon.start();
    const now = await allBack(1 + k);
    took.push(Date.now() - t0);
    // Each restart is one more start of the same stand-in, resumed from its volume: same key, no fresh start.
    expect(now.map((s) => [s.id, s.starts, s.key, s.identityChanges])).toEqual(first.map((s) => [s.id, 1 + k, s.key, 0]));
  }
  const after = await settledCounts();
  console.log(
    `${RESTARTS} restarts, ${(took.reduce((a, b) => a + b, 0) / 1000).toFixed(1)} s (each ${(Math.min(...took) / 1000).toFixed(1)}-${(Math.max(...took) / 1000).toFixed(1)} s, stop + start + stand-ins answering)\n` +
      countsTable(before, after),
  );
  // dockerd and containerd are new processes after the last restart: their descriptors differ by one or two from
  // start to start (a client connection, an event stream); a leak across 30 restarts would show in the counts that
  // outlive them (this process, mounts, interfaces, namespaces, rules), which must not move at all.
  const jitter = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([key]) => !/^fds: (dockerd|containerd)$/.test(key)));
  expect(jitter(after)).toEqual(jitter(before));
  for (const key of ["fds: dockerd", "fds: containerd"]) expect(Math.abs(after[key]! - before[key]!), key).toBeLessThanOrEqual(2);
});
