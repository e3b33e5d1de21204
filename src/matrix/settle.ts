// Waits until a daemon's batches stop changing after a fault: no container in restart back-off, the same
// processes for a while, every running stand-in answering. Bounded: batches that never settle are read as they are.
import type { ContainerState } from "../docker/specs.js";
import type { FleetHost } from "../fleet/hosts.js";
import { pause } from "../util/interrupt.js";
import { inspectBatch, POLL_MS, waitAnswering } from "./batch.js";
import type { Batch } from "./types.js";

/** Longer than Docker's first restart delays (100, 200, 400 ms) so a pending restart shows before this ends. */
export const STABLE_MS = 1_200;
const SETTLE_BOUND_MS = 20_000;

const fingerprint = (s: ContainerState) => `${s.name}|${s.status}|${s.pid}|${s.restartCount}|${s.exitCode}|${s.startedAt}`;

export async function settle(host: FleetHost, batch: Batch, signal: AbortSignal): Promise<Map<string, ContainerState>> {
  const deadline = Date.now() + SETTLE_BOUND_MS;
  let last = "";
  let since = Date.now();
  for (;;) {
    const states = await inspectBatch(host, batch);
    const print = [...states.values()].map(fingerprint).sort().join(";");
    if (print !== last) [last, since] = [print, Date.now()];
    const moving = [...states.values()].some((s) => s.status === "restarting" || s.status === "created");
    if (!moving && Date.now() - since >= STABLE_MS) {
      const running = batch.filter(({ spec }) => states.get(spec.name)?.status === "running");
      if (await waitAnswering(running, signal, 0)) return states;
    }
    if (Date.now() > deadline) return states;
    await pause(POLL_MS, signal);
  }
}
