// Batches of containers on one daemon: created and started fresh, read back, and removed afterwards, checked
// label by label; a process Docker lost track of is not left behind either.
import { commandLine, isAlive, sleep, waitFor } from "../daemon/process-info.js";
import type { ContainerState } from "../docker/specs.js";
import { matchesSelector } from "../docker/labels.js";
import { environmentError } from "../errors.js";
import type { FleetHost } from "../fleet/hosts.js";
import { fetchStatus, isHealthy } from "../observe/standin-client.js";
import { throwIfInterrupted } from "../util/interrupt.js";
import { mapLimit } from "../util/map-limit.js";
import { MATRIX_PROFILE } from "./profile.js";
import type { Batch } from "./types.js";

const SELECTOR = { profile: MATRIX_PROFILE };

/** Parallel enough to overlap Docker's round trips, few enough for two cores. */
const CONCURRENCY = 5;
const READY_BOUND_MS = 60_000;
/** Every poll is an inspect per container: polling faster steals the CPU the containers need to start. */
export const POLL_MS = 400;
const REMOVE_ATTEMPTS = 6;
const REMOVE_RETRY_MS = 1_500;
/** An HTTP GET to a stand-in costs next to nothing. */
const HEALTH_POLL_MS = 200;

/** The stand-ins' start counts as last read: a container that is down keeps the count it last answered with. */
export type Starts = Map<string, number>;

export async function startBatch(host: FleetHost, batch: Batch, starts: Starts, signal: AbortSignal): Promise<void> {
  await mapLimit(batch, CONCURRENCY, async ({ spec }) => {
    await host.engine.ensureContainer(spec);
    await host.engine.startContainer(spec.name);
  });
  if (!(await waitAnswering(batch, signal, READY_BOUND_MS))) {
    throw environmentError(`${host.daemon.name}: stand-ins of a new batch not answering after ${READY_BOUND_MS / 1000} s`, "its dockerd.log is kept in REBOUND_HOME/matrix");
  }
  await readStarts(batch, starts);
}

/** Whether each stand-in of the batch answers /healthz within the bound (0: right now). */
export async function waitAnswering(batch: Batch, signal: AbortSignal, boundMs: number): Promise<boolean> {
  const pending = new Map(batch.map(({ spec }) => [spec.name, spec.ip]));
  const answered = await waitFor(async () => {
    throwIfInterrupted(signal);
    const checks = await Promise.all([...pending].map(async ([name, ip]) => [name, await isHealthy(ip, 800)] as const));
    for (const [name, healthy] of checks) if (healthy) pending.delete(name);
    return pending.size === 0;
  }, boundMs, HEALTH_POLL_MS);
  return answered;
}

export async function readStarts(batch: Batch, starts: Starts): Promise<void> {
  await Promise.all(
    batch.map(async ({ spec }) => {
      const status = await fetchStatus(spec.ip, 2_000);
      if (status) starts.set(spec.name, status.starts);
    }),
  );
}

export async function inspectBatch(host: FleetHost, batch: Batch): Promise<Map<string, ContainerState>> {
  const states = await Promise.all(batch.map(({ spec }) => host.engine.inspectContainer(spec.name)));
  return new Map(states.filter((s): s is ContainerState => s !== undefined).map((s) => [s.name, s]));
}

/**
 * Removes every container of the matrix on this daemon, whatever batch left it. After a containerd restart a
 * forced removal has been seen to leave the process running: the stand-in processes of what was removed are
 * killed by PID, each checked to still be a stand-in first.
 */
export async function removeAll(host: FleetHost): Promise<void> {
  const pids = new Set<number>();
  const left = async () => (await host.engine.listContainers(SELECTOR)).filter((c) => matchesSelector(c.labels, SELECTOR));
  let lastError: unknown;
  for (let attempt = 0; attempt < REMOVE_ATTEMPTS; attempt++) {
    const containers = await left();
    if (containers.length === 0) break;
    if (attempt > 0) await sleep(REMOVE_RETRY_MS);
    for (const c of containers) if (c.pid > 0) pids.add(c.pid);
    // After a containerd restart dockerd 20.10 has refused removals for a while ("PID ... is zombie and can not be
    // killed", "removal ... already in progress"): the next attempt takes what is left; an error counts only if
    // something is still there after the last one.
    await mapLimit(containers, CONCURRENCY, (c) => host.engine.removeContainer(c.id).catch((error: unknown) => void (lastError = error)));
  }
  if (lastError !== undefined && (await left()).length > 0) throw lastError;
  const strays: number[] = [];
  for (const pid of pids) if (isAlive(pid) && (await commandLine(pid))?.some((arg) => arg.endsWith("standins/main.js"))) strays.push(pid);
  for (const pid of strays) await host.processes.signal(pid, "SIGKILL");
  await waitFor(() => strays.every((pid) => !isAlive(pid)), 5_000, 100);
}

export async function removeNetworks(host: FleetHost): Promise<void> {
  for (const network of await host.engine.listNetworks(SELECTOR)) {
    if (matchesSelector(network.labels, SELECTOR)) await host.engine.removeNetwork(network.id);
  }
}
