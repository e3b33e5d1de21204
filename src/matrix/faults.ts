// What the matrix does to a daemon's batches: kills from the host or through the API, and the daemon faults of a
// run, done with the run's own injectors (src/faults/daemon-faults.ts) so the matrix measures what a run does.
import { waitFor } from "../daemon/process-info.js";
import type { FaultEnv } from "../faults/fault-env.js";
import { crashDaemon, rebootHost, restartContainerd, restartDaemon } from "../faults/daemon-faults.js";
import type { FleetHost } from "../fleet/hosts.js";
import type { FaultSpec } from "../profile/schema.js";
import { inspectBatch, POLL_MS, waitAnswering } from "./batch.js";
import { settle } from "./settle.js";
import type { Batch } from "./types.js";

/** Bound on Docker noticing a kill and, where the policy says so, the stand-in running again. */
const RESTART_BOUND_MS = 15_000;

const daemonSpec = (fault: FaultSpec["fault"]): FaultSpec => ({ fault, target: { of: "containers" }, at: { after: 0 }, downSeconds: 0 });

export type DaemonFault = "daemon-restart" | "daemon-crash" | "host-reboot" | "containerd-restart";

export async function daemonFault(fault: DaemonFault, host: FleetHost, env: FaultEnv): Promise<void> {
  if (fault === "daemon-restart") await restartDaemon(host, daemonSpec("daemon-restart"), env);
  if (fault === "daemon-crash") await crashDaemon(host, daemonSpec("daemon-crash"), env);
  if (fault === "host-reboot") await rebootHost(host, 0, env);
  if (fault === "containerd-restart") await restartContainerd(host, daemonSpec("containerd-restart"), env);
}

/** SIGKILL from the host to each running process of the batch; returns the part that Docker started again. */
export async function hostKill(host: FleetHost, batch: Batch, signal: AbortSignal): Promise<Batch> {
  const before = [...(await inspectBatch(host, batch)).values()].filter((s) => s.status === "running" && s.pid > 0);
  for (const state of before) await host.processes.signal(state.pid, "SIGKILL");
  let after = await inspectBatch(host, batch);
  // Done when Docker has seen each exit: a new process, or a container that stays down.
  const seen = () =>
    before.every((b) => {
      const now = after.get(b.name);
      return now === undefined || (now.status === "running" && now.pid !== b.pid) || now.status === "exited" || now.status === "dead";
    });
  await waitFor(async () => ((after = await inspectBatch(host, batch)), seen()), RESTART_BOUND_MS, POLL_MS);
  // "exited" may only be Docker's restart back-off (100, 200, 400 ms...): a restart still to come must be seen here,
  // or the next kill could take the process before its start was counted (the start counts then flapped run to run).
  after = await settle(host, batch, signal);
  const restarted = batch.filter(({ spec }) => before.some((b) => b.name === spec.name) && after.get(spec.name)?.status === "running");
  // The next kill must find the stand-in counted its start, or the start counts would depend on timing.
  await waitAnswering(restarted, signal, RESTART_BOUND_MS);
  return restarted;
}

/** docker kill through the API: the stop by the user that no policy overrides until the daemon starts again. */
export async function apiKill(host: FleetHost, batch: Batch): Promise<void> {
  await Promise.all(batch.map(({ spec }) => host.engine.killContainer(spec.name, "SIGKILL")));
  await waitFor(async () => [...(await inspectBatch(host, batch)).values()].every((s) => s.status !== "running"), RESTART_BOUND_MS, POLL_MS);
}
