// `rebound matrix`: both sandbox daemons (live-restore off and on) measured side by side, the result kept per
// engine version, and everything the matrix made removed on every way out.
import { join } from "node:path";
import type { MatrixCell, MatrixResult } from "../checks/engine-behaviour.js";
import { environmentError, ReboundError } from "../errors.js";
import { Journal } from "../journal/journal.js";
import { planMatrix, startMatrix, tearDownMatrix } from "./fleet.js";
import type { MatrixFleet, MatrixProgress } from "./types.js";
import { FULL_SELECTION, mergeCells, slotsFor, sortCells, subjectsOf, type MatrixSelection } from "./grid.js";
import { measureHost } from "./measure.js";
import { matrixDir, readMatrix, writeMatrix } from "./store.js";

export interface MatrixOptions {
  selection: MatrixSelection;
  progress: MatrixProgress;
  signal: AbortSignal;
}

export interface MatrixRun {
  result: MatrixResult;
  /** Where the result was written. */
  stored: string;
}

export async function runMatrix(options: MatrixOptions): Promise<MatrixRun> {
  const { selection, progress, signal } = options;
  const started = Date.now();
  const journal = new Journal(join(matrixDir(), "journal.jsonl"));
  const step = (text: string) => {
    journal.write({ type: "step", step: "matrix", detail: text });
    progress.step(text);
  };
  const log = (line: string) => progress.info(line);
  let fleet: MatrixFleet | undefined;
  try {
    step(`start: ${selection.policies.length} policies x 2 SIGTERM behaviours x ${selection.faults.length} faults x ${selection.liveRestore.length} live-restore`);
    const planned = await planMatrix(subjectsOf(selection), selection.liveRestore, slotsFor(selection.faults));
    fleet = planned;
    await startMatrix(planned, progress, signal);
    const engine = await planned.hosts[0]!.host.engine.version();
    const outcomes = await Promise.allSettled(planned.hosts.map((mh) => measureHost(mh, selection.faults, { signal, onStep: step, log })));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed) throw failed.reason;
    const cells = sortCells(outcomes.flatMap((o) => (o.status === "fulfilled" ? o.value : [])));
    const result: MatrixResult = {
      engine: { version: engine.version, apiVersion: engine.apiVersion },
      measuredAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
      cells: await withKeptCells(engine.version, selection, cells),
    };
    const stored = await writeMatrix(result);
    step(`stored ${stored}`);
    return { result, stored };
  } catch (error) {
    if (error instanceof ReboundError) throw error;
    throw environmentError(`the engine failed while the matrix measured it: ${(error as Error).message}`, `the sandbox daemons' logs are kept in ${matrixDir()}`, error);
  } finally {
    progress.step("removing the matrix's sandbox daemons");
    await tearDownMatrix(fleet, log);
    journal.write({ type: "step", step: "matrix", detail: signal.aborted ? "interrupted, cleaned up" : "cleaned up" });
    journal.close();
  }
}

/** A subset replaces its own cells in what was measured before for this engine; the full grid replaces it all. */
async function withKeptCells(version: string, selection: MatrixSelection, cells: MatrixCell[]): Promise<MatrixCell[]> {
  const full =
    selection.policies.length === FULL_SELECTION.policies.length &&
    selection.faults.length === FULL_SELECTION.faults.length &&
    selection.liveRestore.length === FULL_SELECTION.liveRestore.length;
  if (full) return cells;
  const before = await readMatrix(version).catch(() => undefined);
  return mergeCells(before?.cells ?? [], cells);
}
