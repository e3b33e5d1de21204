// Measures one daemon phase by phase (src/matrix/grid.ts PHASES): fresh batches, the faults, the settled state
// read into cells (on the way, where one fault begins as another), the batches removed before the next phase.
import type { MatrixCell, MatrixFault } from "../checks/engine-behaviour.js";
import type { FaultEnv } from "../faults/fault-env.js";
import type { FleetHost } from "../fleet/hosts.js";
import { throwIfInterrupted } from "../util/interrupt.js";
import { readStarts, removeAll, startBatch, type Starts } from "./batch.js";
import { apiKill, daemonFault, hostKill } from "./faults.js";
import { cellOf, phasesOf, REPEATED_KILLS, type Phase } from "./grid.js";
import { settle } from "./settle.js";
import type { Batch, MatrixHost } from "./types.js";

export interface MeasureContext {
  signal: AbortSignal;
  /** Called before each step: the journal and the progress line. */
  onStep: (text: string) => void;
  log: (line: string) => void;
}

export async function measureHost(mh: MatrixHost, faults: readonly MatrixFault[], ctx: MeasureContext): Promise<MatrixCell[]> {
  const cells: MatrixCell[] = [];
  await removeAll(mh.host);
  for (const phase of phasesOf(faults)) {
    throwIfInterrupted(ctx.signal);
    await measurePhase(phase, mh, ctx, cells);
    await removeAll(mh.host);
  }
  return cells;
}

async function measurePhase(phase: Phase, mh: MatrixHost, ctx: MeasureContext, cells: MatrixCell[]): Promise<void> {
  const { host } = mh;
  const { signal } = ctx;
  const env: FaultEnv = { hosts: new Map([[host.key, host]]), members: [], seed: 0, signal, log: ctx.log };
  const starts: Starts = new Map();
  const step = (text: string) => ctx.onStep(`live-restore ${mh.liveRestore ? "on" : "off"}: ${text}`);
  const read = async (fault: MatrixFault, batch: Batch) => {
    step(`${fault}: settling`);
    cells.push(...(await readCells(host, batch, starts, signal)).map(({ subject, observed }) => cellOf({ ...subject, fault, liveRestore: mh.liveRestore }, observed)));
  };
  const fresh = async (batches: Batch[], what: string) => {
    step(`${what}: starting ${batches.flat().length} containers`);
    await startBatch(host, batches.flat(), starts, signal);
  };

  if (phase.kind === "kills") {
    const [batch] = [mh.slots[0]!];
    await fresh([batch], "host kills");
    step("host-kill");
    await readStarts(await hostKill(host, batch, signal), starts);
    if (phase.readFirst) await read("host-kill", batch);
    if (!phase.readRepeated) return;
    for (let round = 1; round < REPEATED_KILLS; round++) {
      step(`repeated-kills: kill ${round + 1} of ${REPEATED_KILLS}`);
      await readStarts(await hostKill(host, batch, signal), starts);
    }
    return read("repeated-kills", batch);
  }
  if (phase.kind === "restart") {
    const killed = phase.apiKilled ? mh.slots[0]! : undefined;
    const plain = phase.plain ? mh.slots[killed ? 1 : 0]! : undefined;
    await fresh([killed, plain].filter((b): b is Batch => b !== undefined), "daemon restart");
    if (killed) {
      step("api-kill");
      await apiKill(host, killed);
      if (phase.apiKilled?.readKill) await read("api-kill", killed);
    }
    if (!plain && !phase.apiKilled?.readRestart) return;
    step("daemon-restart");
    await daemonFault("daemon-restart", host, env);
    if (killed && phase.apiKilled?.readRestart) await read("api-kill+daemon-restart", killed);
    if (plain) await read("daemon-restart", plain);
    return;
  }
  const batch = mh.slots[0]!;
  await fresh([batch], phase.fault);
  step(phase.fault);
  await daemonFault(phase.fault, host, env);
  await read(phase.fault, batch);
}

async function readCells(host: FleetHost, batch: Batch, starts: Starts, signal: AbortSignal) {
  const states = await settle(host, batch, signal);
  await readStarts(batch.filter(({ spec }) => states.get(spec.name)?.status === "running"), starts);
  return batch.map(({ subject, spec }) => {
    const state = states.get(spec.name);
    const up = state?.status === "running";
    const observed: MatrixCell["observed"] = {
      running: up,
      // Docker resets ExitCode when it starts a container: only a container that is down has one to report.
      ...(state && !up ? { exitCode: state.exitCode } : {}),
      restartCount: state?.restartCount ?? 0,
      starts: starts.get(spec.name) ?? 0,
    };
    return { subject, observed };
  });
}
