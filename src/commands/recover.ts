// rebound recover [JOURNAL]: the run engine's recover (src/run/recover.ts) over the sandbox daemons of this
// machine; root is required only when a journal still owes an undo.
import { requireRoot } from "../daemon/engine.js";
import { sandboxHost } from "../fleet/sandbox-hosts.js";
import { recover as recoverRuns, type RecoverResult } from "../run/recover.js";

export type { RecoverResult };

export const recover = (journalPath: string | undefined, log: (line: string) => void): Promise<RecoverResult[]> =>
  recoverRuns(journalPath, { resolve: sandboxHost, log, beforeUndo: requireRoot });
