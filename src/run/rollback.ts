// Undoes what a journal still owes, writing each undo to the journal before and after it happens.
import { performUndo } from "../faults/undo.js";
import type { HostResolver } from "../fleet/hosts.js";
import type { Journal } from "../journal/journal.js";
import { pendingUndo } from "../journal/pending-undo.js";
import type { StampedEntry } from "../journal/entries.js";

export interface RollbackReport {
  done: string[];
  failed: string[];
}

export async function rollback(
  entries: StampedEntry[],
  journal: Pick<Journal, "write">,
  resolve: HostResolver,
  log: (line: string) => void,
): Promise<RollbackReport> {
  const report: RollbackReport = { done: [], failed: [] };
  for (const { faultId, action } of pendingUndo(entries)) {
    journal.write({ type: "undo-intent", faultId, action });
    try {
      const what = await performUndo(action, resolve);
      journal.write({ type: "undo-done", faultId, action });
      report.done.push(what);
      log(`rolled back: ${what}`);
    } catch (error) {
      const message = (error as Error).message;
      journal.write({ type: "undo-done", faultId, action, error: message });
      report.failed.push(`${action.kind} ${"container" in action ? action.container : action.sandbox}: ${message}`);
      log(`could not roll back ${action.kind}: ${message}`);
    }
  }
  return report;
}
