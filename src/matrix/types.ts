// The shapes the matrix's measuring modules share: its daemons with their batches, and its progress display.
import type { ContainerSpec } from "../docker/specs.js";
import type { ExperimentRecord } from "../experiment/record.js";
import type { FleetHost } from "../fleet/hosts.js";
import type { MatrixSubject } from "./grid.js";

/** One container per policy and SIGTERM behaviour: what one fault is measured on. */
export type Batch = { subject: MatrixSubject; spec: ContainerSpec }[];

/** One daemon of the matrix; slot k's batch serves the k-th fault of each phase, created afresh each time. */
export interface MatrixHost {
  liveRestore: boolean;
  host: FleetHost;
  slots: Batch[];
}

export interface MatrixFleet {
  record: ExperimentRecord;
  hosts: MatrixHost[];
}

/** The part of the CLI's progress display the matrix uses (src/run sits above the matrix, so not its type). */
export interface MatrixProgress {
  step(text: string): void;
  info(text: string): void;
}
