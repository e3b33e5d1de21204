// Finishes runs whose process is gone (SIGKILLed, or their machine went away), as each journal says: undoes
// the faults still owed (start a daemon, start or unpause a container, heal a partition), finishes a teardown
// that was begun, says what is left and how to remove it, and closes the journal so later recovers skip it.
import { inputError } from "../errors.js";
import type { HostResolver } from "../fleet/hosts.js";
import { Journal, readJournal } from "../journal/journal.js";
import { ownerAlive } from "../journal/run-owner.js";
import { journalState, type JournalState } from "../journal/settle.js";
import { experimentOf, journaledTeardown } from "./journaled-teardown.js";
import { leftOf } from "./left-behind.js";
import { rollback, type RollbackReport } from "./rollback.js";
import { listJournals } from "./run-paths.js";

export interface RecoverResult {
  journal: string;
  /** Undo actions the journal owed. */
  pending: number;
  report: RollbackReport;
  /** Why the journal was left alone (its run still runs). */
  skipped?: string;
  /** A teardown the run had begun: what finishing it did, or why it failed. */
  teardown?: { did: string[]; error?: string };
  /** What the run leaves behind, each with the command that removes it. */
  left: string[];
}

export interface RecoverOptions {
  resolve: HostResolver;
  log: (line: string) => void;
  /** Called once before the first change: what recovering needs (root, say) is checked only when there is work. */
  beforeUndo?: () => void;
  /** The journal's experiment as it stands now, and its removal (tests put their fake hosts here). */
  experiment?: typeof experimentOf;
  finishTeardown?: typeof journaledTeardown;
}

export async function recover(journalPath: string | undefined, options: RecoverOptions): Promise<RecoverResult[]> {
  if (journalPath !== undefined) {
    const entries = await readJournal(journalPath);
    const state = journalState(entries);
    const live = liveOwner(state);
    if (live) throw inputError(`${journalPath}: ${live}`, "recover is for runs whose process is gone: let the run finish, or stop it with Ctrl-C (it rolls back itself)");
    return state.settled ? [] : [await settle(journalPath, state, options)];
  }
  const results: RecoverResult[] = [];
  for (const path of await listJournals()) {
    const state = journalState(await readJournal(path));
    if (state.settled) continue;
    const live = liveOwner(state);
    if (live) {
      options.log(`skipped ${path}: ${live}`);
      results.push({ journal: path, pending: state.undo.length, report: { done: [], failed: [] }, skipped: live, left: [] });
      continue;
    }
    results.push(await settle(path, state, options));
  }
  return results;
}

function liveOwner(state: JournalState): string | undefined {
  const start = state.runStart;
  return start && ownerAlive(start) ? `run ${start.runId} is still in progress (pid ${start.pid})` : undefined;
}

async function settle(path: string, state: JournalState, options: RecoverOptions): Promise<RecoverResult> {
  const profile = state.runStart?.profile;
  const pending = state.undo.length;
  // The run would have removed its experiment at its end (unless --keep): recover finishes that too, so a new
  // run of the profile starts from scratch as runs do. A teardown the run had begun is finished either way.
  const owesTeardown = profile !== undefined && (state.teardownOwed || (!state.ended && state.runStart?.keep !== true));
  if (pending > 0 || owesTeardown) options.beforeUndo?.();
  const journal = new Journal(path);
  try {
    journal.write({ type: "step", step: "recover", detail: `${pending} undo action(s) owed${state.teardownOwed ? ", teardown unfinished" : ""}` });
    const experiment = profile !== undefined && state.experimentId !== undefined ? await (options.experiment ?? experimentOf)(profile, state.experimentId) : undefined;
    const gone = state.experimentId !== undefined && (experiment === undefined || experiment === "replaced");
    const experimentGone = gone ? `experiment ${state.experimentId} of ${profile} has been taken down since; nothing of it to undo` : undefined;
    const report = await rollback(await readJournal(path), journal, options.resolve, options.log, { experimentGone });

    let teardown: RecoverResult["teardown"];
    if (owesTeardown && experiment !== "replaced") {
      const target = experiment ?? (state.experimentId === undefined ? await (options.experiment ?? experimentOf)(profile, undefined) : undefined);
      options.log(`finishing the teardown of ${profile}${state.teardownProgress.length > 0 ? ` (done before the kill: ${state.teardownProgress.join("; ")})` : ""}`);
      teardown = await (options.finishTeardown ?? journaledTeardown)(journal, profile, target === "replaced" ? undefined : target, options.log).then(
        (did) => ({ did }),
        (error: Error) => ({ did: [], error: error.message }),
      );
    }
    const left = profile === undefined || (teardown && !teardown.error) ? [] : await leftOf(profile, { keep: state.runStart?.keep ?? false, replaced: experiment === "replaced" });
    const ok = report.failed.length === 0 && teardown?.error === undefined;
    journal.write({ type: "run-end", outcome: ok ? "recovered" : "recover-incomplete", exitCode: ok ? 0 : 1 });
    return { journal: path, pending, report, ...(teardown && { teardown }), left };
  } finally {
    journal.close();
  }
}
