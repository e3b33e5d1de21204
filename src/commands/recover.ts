// rebound recover [JOURNAL]: finishes the undo of a run that could not (it was SIGKILLed, or its machine
// went away): starts stopped daemons, unpauses containers, heals partitions, as the journal says.
import { requireRoot } from "../daemon/engine.js";
import { inputError } from "../errors.js";
import { Journal, readJournal } from "../journal/journal.js";
import { pendingUndo } from "../journal/pending-undo.js";
import { sandboxHost } from "../fleet/sandbox-hosts.js";
import { rollback, type RollbackReport } from "../run/rollback.js";
import { listJournals } from "../run/run-paths.js";

export interface RecoverResult {
  journal: string;
  pending: number;
  report: RollbackReport;
}

export async function recover(journalPath: string | undefined, log: (line: string) => void): Promise<RecoverResult[]> {
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
    requireRoot();
    const journal = new Journal(path);
    journal.write({ type: "step", step: "recover", detail: `${pending} undo action(s) owed` });
    const report = await rollback(entries, journal, sandboxHost, log);
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
