// Finishes the undo of runs that could not (SIGKILLed, or their machine went away): starts stopped daemons,
// unpauses containers, heals partitions, as each journal says.
import { inputError } from "../errors.js";
import type { HostResolver } from "../fleet/hosts.js";
import { Journal, readJournal } from "../journal/journal.js";
import { pendingUndo } from "../journal/pending-undo.js";
import { rollback, type RollbackReport } from "./rollback.js";
import { listJournals } from "./run-paths.js";

export interface RecoverResult {
  journal: string;
  pending: number;
  report: RollbackReport;
}

export interface RecoverOptions {
  resolve: HostResolver;
  log: (line: string) => void;
  /** Called once before the first undo: what recovering needs (root, say) is checked only when there is work. */
  beforeUndo?: () => void;
}

export async function recover(journalPath: string | undefined, options: RecoverOptions): Promise<RecoverResult[]> {
  const journals = journalPath !== undefined ? [journalPath] : await unfinishedJournals();
  if (journalPath !== undefined && journals.length === 0) throw inputError(`no journal at ${journalPath}`);
  const results: RecoverResult[] = [];
  for (const path of journals) {
    const entries = await readJournal(path);
    const pending = pendingUndo(entries).length;
    if (pending === 0) {
      results.push({ journal: path, pending, report: { done: [], failed: [] } });
      continue;
    }
    options.beforeUndo?.();
    const journal = new Journal(path);
    journal.write({ type: "step", step: "recover", detail: `${pending} undo action(s) owed` });
    const report = await rollback(entries, journal, options.resolve, options.log);
    journal.write({ type: "run-end", outcome: report.failed.length === 0 ? "recovered" : "recover-incomplete", exitCode: report.failed.length === 0 ? 0 : 1 });
    journal.close();
    results.push({ journal: path, pending, report });
  }
  return results;
}

/** Journals whose run never wrote its end: the runs that were cut off. */
async function unfinishedJournals(): Promise<string[]> {
  const unfinished: string[] = [];
  for (const path of await listJournals()) {
    const entries = await readJournal(path);
    if (!entries.some((entry) => entry.type === "run-end")) unfinished.push(path);
  }
  return unfinished;
}
