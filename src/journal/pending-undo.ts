// Pure: which undo actions a journal still owes, in the order they must run (last fault first).
import type { StampedEntry, UndoAction } from "./entries.js";

export interface PendingUndo {
  faultId: string;
  action: UndoAction;
  /** When the fault's intent was journaled: what happened before it (an `engine down`, a start) predates it. */
  since?: string;
}

const key = (action: UndoAction) => JSON.stringify(action);

export function pendingUndo(entries: StampedEntry[]): PendingUndo[] {
  const owed: PendingUndo[] = [];
  const done = new Set<string>();
  for (const entry of entries) {
    if (entry.type === "fault-intent") {
      for (const action of entry.fault.undo) owed.push({ faultId: entry.fault.id, action, since: entry.at });
    }
    if (entry.type === "undo-done" && entry.error === undefined) done.add(`${entry.faultId}:${key(entry.action)}`);
  }
  return owed.filter((item) => !done.has(`${item.faultId}:${key(item.action)}`)).reverse();
}
