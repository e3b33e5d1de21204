// The matrix for people: a table per live-restore value (a row per policy and SIGTERM behaviour, a column per
// fault), every deviation from Docker's rules in words, the runtime and where the result was kept.
import { MATRIX_FAULTS, type MatrixCell, type MatrixResult } from "../checks/engine-behaviour.js";
import { describeDeviation } from "../matrix/deviation.js";
import { paint } from "./style.js";
import { renderTable } from "./table.js";

const fate = (running: boolean | undefined) => (running === undefined ? "?" : running ? "up" : "down");

/** What the engine did; "did != documented" where the rules promise otherwise; xN when the stand-in started N times. */
export function cellText(cell: MatrixCell): string {
  const starts = cell.observed.starts > 1 ? ` x${cell.observed.starts}` : "";
  const observed = `${fate(cell.observed.running)}${starts}`;
  return cell.agrees ? observed : paint.red(`${observed} != ${fate(cell.documented.running)}`);
}

function tableFor(cells: MatrixCell[]): string {
  const faults = MATRIX_FAULTS.filter((f) => cells.some((c) => c.fault === f));
  const rows = [...new Set(cells.map((c) => `${c.policy}|${c.sigterm}`))].map((key) => {
    const [policy, sigterm] = key.split("|") as [string, string];
    const row = faults.map((fault) => {
      const cell = cells.find((c) => c.policy === policy && c.sigterm === sigterm && c.fault === fault);
      return cell ? cellText(cell) : "";
    });
    return [policy, sigterm === "exits" ? "exits" : "ignores", ...row];
  });
  return renderTable(["policy", "SIGTERM", ...faults], rows);
}

export function formatMatrix(result: MatrixResult, run: { stored: string; elapsedMs: number }): string {
  const { engine, cells } = result;
  const out = [paint.bold(`rebound matrix: dockerd ${engine.version} (API ${engine.apiVersion}), ${cells.length} cells`)];
  out.push(paint.dim("each cell: what the engine did after the fault settled (up/down), xN = the process started N times; did != documented marks a deviation"));
  for (const liveRestore of [false, true]) {
    const mine = cells.filter((c) => c.liveRestore === liveRestore);
    if (mine.length === 0) continue;
    out.push("", paint.bold(`live-restore ${liveRestore ? "on" : "off"}`), tableFor(mine));
  }
  const deviations = cells.map(describeDeviation).filter((d): d is string => d !== undefined);
  out.push("");
  if (deviations.length === 0) out.push(`No deviations: in all ${cells.length} cells the engine did what Docker's rules promise.`);
  else out.push(paint.bold(`${deviations.length} deviation(s) from Docker's documented rules:`), ...deviations.map((d) => `  - ${d}`));
  out.push("", `measured in ${(result.durationMs / 1000).toFixed(1)} s (${(run.elapsedMs / 1000).toFixed(1)} s with clean-up); stored in ${run.stored}`);
  return out.join("\n");
}
