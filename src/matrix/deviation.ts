// A cell where the engine did otherwise than Docker's rules promise, in words an operator can act on.
import type { MatrixCell } from "../checks/engine-behaviour.js";
import { RULES } from "../checks/restart-model.js";

const fate = (running: boolean) => (running ? "running" : "down");

export function cellLabel(cell: Pick<MatrixCell, "policy" | "sigterm" | "fault" | "liveRestore">): string {
  const process = cell.sigterm === "exits" ? "exits on SIGTERM" : "ignores SIGTERM";
  return `${cell.fault}, restart ${cell.policy}, process ${process}, live-restore ${cell.liveRestore ? "on" : "off"}`;
}

/** undefined for a cell that agrees with the rules. */
export function describeDeviation(cell: MatrixCell): string | undefined {
  const { observed, documented } = cell;
  const promised = documented.running;
  if (cell.agrees || promised === undefined) return undefined;
  const exit = !observed.running && observed.exitCode !== undefined ? ` (exit ${observed.exitCode})` : "";
  const rule = documented.rules.at(-1);
  const why = rule ? `: ${RULES[rule].text}` : "";
  return (
    `${cellLabel(cell)}: the engine left it ${fate(observed.running)}${exit} after ${observed.starts} start(s), ` +
    `RestartCount ${observed.restartCount}; Docker's rules say ${fate(promised)}${why}`
  );
}
