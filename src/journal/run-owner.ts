// Whether the process that wrote a journal still runs: its pid, and that pid's start time, so a pid the kernel
// has handed to another process since is not mistaken for the run.
import { readFileSync } from "node:fs";

/** /proc/PID/stat field 22 (starttime, in clock ticks since boot); undefined when the process is gone. */
export function processStartTime(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count fields after the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state); a zombie has exited, whatever its table entry says.
  if (fields[0] === "Z") return undefined;
  const start = Number(fields[22 - 3]);
  return Number.isFinite(start) ? start : undefined;
}

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
