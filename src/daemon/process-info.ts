// Small facts about local processes, read from /proc and pidfiles.
import { readFileSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";

export async function readPidfile(path: string): Promise<number | undefined> {
  try {
    const pid = Number.parseInt((await readFile(path, "utf8")).trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A process that still runs. A zombie does not count: it has exited, but a PID 1 that does not reap orphans
 * (as in some VMs and containers) can leave it in the process table for a long time.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  try {
    // /proc/PID/stat: "pid (comm) STATE ..."; comm may contain spaces, so read after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/** /proc/PID/stat field 22 (starttime, in clock ticks since boot): with the pid, a process's identity, so a pid the
 * kernel has handed to another process since is not taken for it. undefined when the process is gone. */
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

/** Whether the process that had this pid and start time still runs. */
export const processIsAlive = (pid: number, startTime: number): boolean => processStartTime(pid) === startTime;

/** The process's command line, or undefined when it is gone (or a zombie with an empty one). */
export async function commandLine(pid: number): Promise<string[] | undefined> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, "utf8");
    const parts = raw.split("\0").filter(Boolean);
    return parts.length > 0 ? parts : undefined;
  } catch {
    return undefined;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the predicate holds or the deadline passes; returns whether it held. */
export async function waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/** Whether any containerd shim still serves containers of the containerd under this exec-root. */
export async function shimsAlive(execRoot: string): Promise<boolean> {
  return (await shimPids(execRoot)).length > 0;
}

/** The containerd shims (one per container) of the containerd under this exec-root that are still alive. */
export async function shimPids(execRoot: string): Promise<number[]> {
  const address = `${execRoot}/containerd/containerd.sock`;
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((name) => /^[0-9]+$/.test(name)).map(Number);
  const shims: number[] = [];
  for (const pid of pids) {
    const cmd = await commandLine(pid);
    if (cmd?.[0]?.includes("containerd-shim") && cmd.includes(address) && isAlive(pid)) shims.push(pid);
  }
  return shims;
}
