// The matrix's sandbox daemons: brought up from its profile (bridge, daemons one after another, image, network)
// and taken down completely afterwards (containers, networks, daemons, bridge, record, data directories).
import { copyFile, mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { ensureBridge, removeBridgeIfUnused } from "../daemon/bridge.js";
import type { DaemonController } from "../daemon/controller.js";
import { unmountIfMounted } from "../daemon/mounts.js";
import { sandboxName } from "../daemon/names.js";
import { sandboxPaths } from "../daemon/paths.js";
import type { ContainerSpec } from "../docker/specs.js";
import { deleteRecord, newRecord, readRecord, writeRecord } from "../experiment/record.js";
import { planFor } from "../fleet/plan-for.js";
import { fleetHosts } from "../fleet/sandbox-hosts.js";
import { stopSandboxes } from "../fleet/shutdown.js";
import { planBuild } from "../image/build-context.js";
import { ensureStandinImage } from "../image/standin-image.js";
import { CONFIG_ENV, type StandinConfig } from "../standins/config.js";
import type { PlannedContainer, TopologyPlan } from "../topology/plan.js";
import { throwIfInterrupted } from "../util/interrupt.js";
import { removeAll, removeNetworks } from "./batch.js";
import { wrapDaemon } from "./daemon-wrap.js";
import type { MatrixSubject } from "./grid.js";
import type { MatrixFleet, MatrixProgress } from "./types.js";
import { groupOf, matrixProfile, MATRIX_PROFILE } from "./profile.js";
import { matrixDir } from "./store.js";

export interface PlannedMatrix extends MatrixFleet {
  plan: TopologyPlan;
  imageBase: string;
}

/** Short enough that a daemon stop or a crash's clean-up of a process that ignores SIGTERM costs a second. */
const STOP_TIMEOUT_SECONDS = 1;

/** The matrix's record, plan and hosts; nothing is started yet, so clean-up can begin from here. */
export async function planMatrix(subjects: MatrixSubject[], liveRestore: readonly boolean[], slots: number): Promise<PlannedMatrix> {
  const profile = matrixProfile(subjects, liveRestore, slots);
  const sandboxes = Object.keys(profile.hosts).map((key) => sandboxName(MATRIX_PROFILE, key));
  const earlier = await readRecord(MATRIX_PROFILE);
  // A run cut off before its clean-up may have left other daemons of the matrix: clean-up takes those too.
  const record = { ...(earlier ?? (await newRecord(MATRIX_PROFILE, "(rebound matrix)", sandboxes))), sandboxes: [...new Set([...(earlier?.sandboxes ?? []), ...sandboxes])] };
  await writeRecord(record);
  const plan = planFor(profile, record, (await planBuild(profile.image.base)).tag);
  const lock = startLock();
  const hosts = fleetHosts(plan, "(rebound matrix)").map((host) => ({ ...host, daemon: serialStarts(host.daemon, lock) }));
  return {
    record,
    plan,
    imageBase: profile.image.base,
    hosts: liveRestore.map((on, i) => ({
      liveRestore: on,
      host: hosts[i]!,
      slots: Array.from({ length: slots }, (_, k) =>
        subjects.map((subject) => ({ subject, spec: matrixSpec(plan.containers.filter((c) => c.group === groupOf(subject, on))[k]!) })),
      ),
    })),
  };
}

/** Bridge, daemons one after another (they share iptables chains), the stand-in image, the network. */
export async function startMatrix(fleet: PlannedMatrix, progress: MatrixProgress, signal: AbortSignal): Promise<void> {
  const hosts = fleet.hosts.map((h) => h.host);
  progress.step(`bridge ${fleet.plan.bridge.name}`);
  await ensureBridge(fleet.plan.bridge);
  for (const host of hosts) {
    throwIfInterrupted(signal);
    progress.step(`starting sandbox daemon ${host.daemon.name}`);
    await host.daemon.start();
  }
  progress.step("stand-in image");
  await ensureStandinImage(hosts.map((host) => host.engine), fleet.imageBase, (line) => progress.step(line));
  for (const [i, planned] of fleet.plan.hosts.entries()) await hosts[i]!.engine.ensureNetwork(planned.network);
}

/**
 * The planned stand-in, made cheap to measure: no peers (nothing to vote with, no traffic), no Docker
 * healthcheck (an exec per probe; rebound polls /healthz itself), a stop timeout of a second.
 */
function matrixSpec(planned: PlannedContainer): ContainerSpec {
  const config: StandinConfig = { ...planned.config, peers: [], poets: [] };
  return {
    ...planned.spec,
    env: { ...planned.spec.env, [CONFIG_ENV]: JSON.stringify(config) },
    healthcheck: { test: ["NONE"], intervalMs: 0, timeoutMs: 0, startPeriodMs: 0, retries: 0 },
    stopTimeoutSeconds: STOP_TIMEOUT_SECONDS,
  };
}

/** Removes everything the matrix made; each step is tried even when one before it failed. */
export async function tearDownMatrix(fleet: MatrixFleet | undefined, log: (line: string) => void): Promise<void> {
  const problems: string[] = [];
  const attempt = (what: string, action: () => Promise<unknown>) => action().catch((error: Error) => void problems.push(`${what}: ${error.message}`));
  const record = fleet?.record ?? (await readRecord(MATRIX_PROFILE));
  for (const mh of fleet?.hosts ?? []) {
    await attempt(`containers on ${mh.host.daemon.name}`, async () => {
      // A fault may have been cut off with the daemon down: it is ours, so start it to clean it.
      if (!(await mh.host.daemon.status()).running) await mh.host.daemon.start();
      await removeAll(mh.host);
      await removeNetworks(mh.host);
    });
  }
  await attempt("sandbox daemons", () => stopSandboxes(MATRIX_PROFILE, log));
  if (record) await attempt(`bridge ${record.bridgeName}`, () => removeBridgeIfUnused(record.bridgeName));
  for (const name of record?.sandboxes ?? []) {
    const paths = sandboxPaths(name);
    await attempt(`data of ${name}`, async () => {
      // The daemon's log outlives its data: it is what explains a daemon that failed during the matrix.
      await mkdir(matrixDir(), { recursive: true });
      await copyFile(paths.logFile, join(matrixDir(), `${name}.dockerd.log`)).catch(() => undefined);
      await unmountIfMounted(paths.dataRoot);
      await rm(paths.dir, { recursive: true, force: true });
      await rm(paths.runDir, { recursive: true, force: true });
    });
  }
  if (problems.length === 0) await deleteRecord(MATRIX_PROFILE);
  for (const problem of problems) log(`clean-up: ${problem}`);
}

type Lock = <T>(action: () => Promise<T>) => Promise<T>;

function startLock(): Lock {
  let tail: Promise<unknown> = Promise.resolve();
  return (action) => {
    const result = tail.then(action);
    tail = result.catch(() => undefined);
    return result;
  };
}

/** Daemons starting at once race on the iptables chains they share: the matrix's two start one at a time. */
const serialStarts = (daemon: DaemonController, lock: Lock) => wrapDaemon(daemon, { start: () => lock(() => daemon.start()) });
