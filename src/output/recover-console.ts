// Console text for `rebound recover`: per journal, what was owed, what was done, what was moot, what is left.
import type { RecoverResult } from "../run/recover.js";

export function formatRecover(results: RecoverResult[]): string {
  if (results.length === 0) return "no unfinished run: nothing to recover\n";
  const lines: string[] = [];
  for (const r of results) {
    if (r.skipped) {
      lines.push(`${r.journal}: skipped, ${r.skipped}`);
      continue;
    }
    const moot = r.report.moot ?? [];
    lines.push(`${r.journal}: ${r.pending} undo action(s) owed, ${r.report.done.length} done, ${moot.length} moot, ${r.report.failed.length} failed`);
    for (const line of r.report.done) lines.push(`  ${line}`);
    for (const line of moot) lines.push(`  nothing to undo: ${line}`);
    for (const line of r.report.failed) lines.push(`  FAILED ${line}`);
    if (r.teardown) {
      lines.push(`  finished the teardown:${r.teardown.did.length === 0 && !r.teardown.error ? " nothing left to do" : ""}`);
      for (const line of r.teardown.did) lines.push(`    ${line}`);
      if (r.teardown.error) lines.push(`  FAILED teardown: ${r.teardown.error}`);
    }
    for (const line of r.left) lines.push(`  left: ${line}`);
  }
  return lines.join("\n") + "\n";
}

/** Exit 1 when anything owed could not be done. */
export const recoverFailed = (results: RecoverResult[]) => results.some((r) => r.report.failed.length > 0 || r.teardown?.error !== undefined);
