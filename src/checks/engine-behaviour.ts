// What `rebound matrix` measured an engine doing, cell by cell, next to what Docker's rules promise: the shape
// restart-policy cites in its evidence. Pure types and lookups; src/matrix measures and stores them.
import type { DockerEffect } from "../faults/catalog.js";
import type { RuleId } from "./restart-model.js";

export const MATRIX_FAULTS = [
  "host-kill",
  "api-kill",
  "api-kill+daemon-restart",
  "daemon-restart",
  "daemon-crash",
  "host-reboot",
  "containerd-restart",
  "repeated-kills",
] as const;

export type MatrixFault = (typeof MATRIX_FAULTS)[number];

/** How the container's process takes SIGTERM: exits 0 at once, or ignores it and is SIGKILLed after the timeout. */
export type SigtermBehaviour = "exits" | "ignores";

export interface MatrixCell {
  policy: string;
  sigterm: SigtermBehaviour;
  fault: MatrixFault;
  liveRestore: boolean;
  /** What the engine did, read back after the fault settled. */
  observed: { running: boolean; exitCode?: number; restartCount: number; starts: number };
  /** What the rules promise (undefined: they cannot say), and the rules that decided it. */
  documented: { running: boolean | undefined; rules: RuleId[] };
  agrees: boolean;
}

export interface MatrixResult {
  engine: { version: string; apiVersion: string };
  measuredAt: string;
  durationMs: number;
  cells: MatrixCell[];
}

/** The matrix fault that measures a run's fault of this effect, if the matrix has one. */
export const MATRIX_FAULT_OF_EFFECT: Partial<Record<DockerEffect, MatrixFault>> = {
  "process-exit": "host-kill",
  "api-kill": "api-kill",
  "daemon-stop": "daemon-restart",
  "daemon-crash": "daemon-crash",
  "host-reboot": "host-reboot",
  "containerd-restart": "containerd-restart",
};

export function cellFor(
  result: MatrixResult,
  where: { policy: string; sigterm: SigtermBehaviour; fault: MatrixFault; liveRestore: boolean },
): MatrixCell | undefined {
  return result.cells.find((c) => c.policy === where.policy && c.sigterm === where.sigterm && c.fault === where.fault && c.liveRestore === where.liveRestore);
}
