// Whether the process that wrote a journal still runs: its pid, and that pid's start time, so a pid the kernel
// has handed to another process since is not mistaken for the run.
import { processStartTime } from "../daemon/process-info.js";

/** The owner of a journal, as its run-start records it. */
export interface RunOwner {
  pid: number;
  pidStart?: number;
}

/**
 * Alive when the pid runs with the start time recorded. A journal from before start times were recorded
 * counts as alive while its pid runs: refusing to recover is the safe mistake, undoing a live run's fault is not.
 */
export function ownerAlive(owner: RunOwner, startOf: (pid: number) => number | undefined = processStartTime): boolean {
  const start = startOf(owner.pid);
  if (start === undefined) return false;
  return owner.pidStart === undefined || owner.pidStart === start;
}
