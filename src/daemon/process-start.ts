// A process's identity beyond its pid: the kernel's start time, so a recycled pid is never taken for its owner.
import { readFileSync } from "node:fs";

/** Field 22 of /proc/PID/stat (clock ticks after boot), or undefined when the process is gone. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) state ...": comm may hold spaces and parentheses, so count fields after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state), so field 22 is fields[19]; a zombie has exited and owns nothing.
    return fields[0] === "Z" ? undefined : fields[19];
  } catch {
    return undefined;
  }
}

/** Whether the process that had this pid and start time still runs. */
export const processIsAlive = (pid: number, startTime: string): boolean => processStartTime(pid) === startTime;
