// rebound matrix: check the options and the engine, then measure Docker's restart behaviour (src/matrix).
import { ensureEngine, requireRoot } from "../daemon/engine.js";
import { runMatrix, type MatrixRun } from "../matrix/run-matrix.js";
import { parseSelection, type SelectionOptions } from "../matrix/selection.js";
import type { Progress } from "../run/progress.js";

export interface MatrixCommandOptions extends SelectionOptions {
  progress: Progress;
  signal: AbortSignal;
}

export async function matrix(options: MatrixCommandOptions): Promise<MatrixRun & { elapsedMs: number }> {
  const selection = parseSelection(options);
  requireRoot();
  await ensureEngine((line) => options.progress.info(line));
  const started = Date.now();
  const run = await runMatrix({ selection, progress: options.progress, signal: options.signal });
  return { ...run, elapsedMs: Date.now() - started };
}
