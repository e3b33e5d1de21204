// Finds and removes what a remote host can leave behind: processes (and their children) naming its paths, and mounts.
import { readdirSync, readFileSync } from "node:fs";
import { execa } from "execa";

interface ProcessEntry {
  pid: number;
  ppid: number;
  cmdline: string;
}

function processTable(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replaceAll("\0", " ");
      entries.push({ pid: Number(name), ppid: Number(fields[1]), cmdline });
    } catch {
      // It exited while we read.
    }
  }
  return entries;
}

/** Live processes whose command line names one of these paths, with all their descendants (containers of a shim). */
export function processesUsing(paths: string[], extraPids: number[] = []): number[] {
  const table = processTable();
  const found = new Set(table.filter((entry) => paths.some((path) => entry.cmdline.includes(path))).map((entry) => entry.pid));
  for (const pid of extraPids) if (table.some((entry) => entry.pid === pid)) found.add(pid);
  for (let grew = true; grew; ) {
    grew = false;
    for (const entry of table) {
      if (!found.has(entry.pid) && found.has(entry.ppid)) {
        found.add(entry.pid);
        grew = true;
      }
    }
  }
  found.delete(process.pid);
  return [...found];
}

export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
}

export function mountsUnder(paths: string[]): string[] {
  const points = readFileSync("/proc/self/mountinfo", "utf8").split("\n").map((line) => line.split(" ")[4] ?? "");
  return points.filter((point) => paths.some((path) => point === path || point.startsWith(`${path}/`)));
}

export async function unmountAll(paths: string[]): Promise<void> {
  for (const point of mountsUnder(paths).sort().reverse()) await execa("umount", ["-l", point], { reject: false });
}
