// Pure: what a journal says about its run: who ran it, on which experiment, and what is still owed (undo
// actions, an unfinished teardown), so `recover` knows whether and how to settle it.
import type { StampedEntry } from "./entries.js";
import { pendingUndo, type PendingUndo } from "./pending-undo.js";

export interface JournalState {
  runStart?: Extract<StampedEntry, { type: "run-start" }>;
  experimentId?: string;
  undo: PendingUndo[];
  /** The run began removing its experiment and did not journal the end of it. */
  teardownOwed: boolean;
  /** The teardown steps journaled so far, for saying how far it got. */
  teardownProgress: string[];
  /** The run (or a recover) wrote its run-end. */
  ended: boolean;
  /** A run-end was written and nothing is owed after it: later recovers leave the journal alone. */
  settled: boolean;
}

export function journalState(entries: StampedEntry[]): JournalState {
  let runStart: JournalState["runStart"];
  let experimentId: string | undefined;
  let teardownOwed = false;
  let ended = false;
  const teardownProgress: string[] = [];
  for (const entry of entries) {
    if (entry.type === "run-start") {
      runStart = entry;
      experimentId ??= entry.experimentId;
    }
    if (entry.type === "experiment") experimentId = entry.experimentId;
    if (entry.type === "teardown") {
      if (entry.phase === "begin") teardownOwed = true;
      if (entry.phase === "done") teardownOwed = false;
      if (entry.phase === "progress" && entry.detail) teardownProgress.push(entry.detail);
    }
    if (entry.type === "run-end") ended = true;
  }
  const undo = pendingUndo(entries);
  return { runStart, experimentId, undo, teardownOwed, teardownProgress, ended, settled: ended && undo.length === 0 && !teardownOwed };
}
