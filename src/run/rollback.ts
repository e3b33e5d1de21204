// Undoes what a journal still owes, writing each undo to the journal before and after it happens.
import { performUndo, type UndoContext } from "../faults/undo.js";
import type { HostResolver } from "../fleet/hosts.js";
import type { Journal } from "../journal/journal.js";
import { pendingUndo } from "../journal/pending-undo.js";
import type { StampedEntry } from "../journal/entries.js";

export interface RollbackReport {
  done: string[];
  failed: string[];
  /** Undos with nothing left to act on (sandbox or container gone, daemon stopped on purpose), and why. */
  moot?: string[];
}

export async function rollback(
  entries: StampedEntry[],
  journal: Pick<Journal, "write">,
  resolve: HostResolver,
  log: (line: string) => void,
  context: Omit<UndoContext, "since"> = {},
): Promise<RollbackReport> {
  const report: RollbackReport = { done: [], failed: [] };
  for (const { faultId, action, since } of pendingUndo(entries)) {
    journal.write({ type: "undo-intent", faultId, action });
    try {
      const outcome = await performUndo(action, resolve, { ...context, since });
      journal.write({ type: "undo-done", faultId, action, ...(outcome.moot !== undefined && { moot: outcome.moot }) });
      if (outcome.moot !== undefined) (report.moot ??= []).push(outcome.moot);
      else report.done.push(outcome.what);
      log(outcome.moot !== undefined ? `nothing to roll back: ${outcome.moot}` : `rolled back: ${outcome.what}`);
    } catch (error) {
      const message = (error as Error).message;
      journal.write({ type: "undo-done", faultId, action, error: message });
      report.failed.push(`${action.kind} ${"container" in action ? action.container : action.sandbox}: ${message}`);
      log(`could not roll back ${action.kind}: ${message}`);
    }
  }
  return report;
}
