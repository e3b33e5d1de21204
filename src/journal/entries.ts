// What a run's journal records. Each fault is written before it is injected (intent) and again when it is
// done and when it is undone, so a run killed at any point can be finished by `rebound recover`.

/** Everything needed to undo a fault later, by a process that knows nothing else about the run. */
export type UndoAction =
  | { kind: "start-daemon"; sandbox: string }
  | { kind: "start-container"; sandbox: string; container: string }
  | { kind: "unpause-container"; sandbox: string; container: string }
  | { kind: "heal-partition"; sandbox: string; container: string; pid: number; rules: string[] }
  | { kind: "remove-delay"; sandbox: string; container: string; pid: number; device: string };

export interface FaultRecord {
  id: string;
  kind: string;
  targets: { host: string; container?: string }[];
  /** Undo actions in the order they must run. */
  undo: UndoAction[];
}

export type JournalEntry =
  | { type: "run-start"; runId: string; profile: string; profilePath: string; experimentId: string; seed: number; pid: number }
  | { type: "step"; step: string; detail?: string }
  | { type: "fault-intent"; fault: FaultRecord }
  | { type: "fault-injected"; faultId: string; detail?: string }
  | { type: "fault-failed"; faultId: string; error: string }
  | { type: "undo-intent"; faultId: string; action: UndoAction }
  | { type: "undo-done"; faultId: string; action: UndoAction; error?: string }
  | { type: "run-end"; outcome: string; exitCode: number };

export type Stamped<T> = T & { seq: number; at: string; t: number };
export type StampedEntry = Stamped<JournalEntry>;
