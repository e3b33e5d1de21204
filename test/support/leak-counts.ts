// Test support: what a sandbox daemon and this process hold on the machine (processes, mounts, interfaces,
// iptables rules, file descriptors), counted from /proc, /sys and iptables-save, to compare before and after a soak.
import { readdirSync, readFileSync } from "node:fs";
import { execa } from "execa";
import type { SandboxDaemon } from "../../src/daemon/sandbox-daemon.js";

interface Proc {
  pid: number;
  ppid: number;
  state: string;
  cmd: string[];
}

function processes(): Proc[] {
  const found: Proc[] = [];
  for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) STATE PPID ...": comm may contain spaces, so read after the last ")".
      const [state = "", ppid = "0"] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cmd = readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").filter(Boolean);
      found.push({ pid: Number(name), ppid: Number(ppid), state, cmd });
    } catch {
      // gone while we looked
    }
  }
  return found;
}

const fdCount = (pid: number | string): number => {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
};

async function iptablesLines(table: string): Promise<string[]> {
  const { stdout } = await execa("iptables-save", ["-t", table]);
  // Comments carry a timestamp; counters ([packets:bytes]) change with traffic, not with leaks: count lines only.
  return stdout.split("\n").filter((line) => line && !line.startsWith("#"));
}

/** Every count by name; "sandbox" rows are this daemon's own, "machine" rows everything on the host. */
export async function leakCounts(daemon: SandboxDaemon, bridge: string): Promise<Record<string, number>> {
  const { dir, runDir, execRoot, socket } = daemon.paths;
  const procs = processes();
  const dockerd = procs.filter((p) => p.cmd[0]?.endsWith("dockerd") && p.cmd.includes(`--host=unix://${socket}`));
  const containerd = procs.filter((p) => p.cmd[0]?.endsWith("containerd") && p.cmd.some((a) => a.includes(execRoot)));
  const shims = procs.filter((p) => p.cmd[0]?.includes("containerd-shim") && p.cmd.includes(`${execRoot}/containerd/containerd.sock`));
  const shimPids = new Set(shims.map((p) => p.pid));
  const ours = new Set([process.pid, ...dockerd, ...containerd, ...shims].map((p) => (typeof p === "number" ? p : p.pid)));
  const mountPoints = readFileSync("/proc/self/mountinfo", "utf8").split("\n").filter(Boolean).map((l) => l.split(" ")[4] ?? "");
  const links = readdirSync("/sys/class/net");
  const counts: Record<string, number> = {
    "processes: dockerd (sandbox)": dockerd.length,
    "processes: containerd (sandbox)": containerd.length,
    "processes: shims (sandbox)": shims.length,
    "processes: stand-ins (sandbox)": procs.filter((p) => shimPids.has(p.ppid) && p.state !== "Z").length,
    "processes: zombies of ours": procs.filter((p) => p.state === "Z" && ours.has(p.ppid)).length,
    "processes: zombies (machine)": procs.filter((p) => p.state === "Z").length,
    "processes: docker-proxy (machine)": procs.filter((p) => p.cmd[0]?.endsWith("docker-proxy")).length,
    "mounts: under the sandbox": mountPoints.filter((m) => m.startsWith(`${dir}/`) || m === dir || m.startsWith(`${runDir}/`)).length,
    "mounts: (machine)": mountPoints.length,
    "interfaces: on the bridge": safeList(`/sys/class/net/${bridge}/brif`).length,
    "interfaces: veth (machine)": await linksOfType("veth"),
    "interfaces: bridges (machine)": await linksOfType("bridge"),
    "interfaces: all (machine)": links.length,
    "fds: this process": fdCount("self"),
    "fds: dockerd": dockerd.reduce((n, p) => n + fdCount(p.pid), 0),
    "fds: containerd": containerd.reduce((n, p) => n + fdCount(p.pid), 0),
  };
  for (const table of ["filter", "nat", "mangle", "raw"]) {
    const lines = await iptablesLines(table);
    counts[`iptables: ${table} (machine)`] = lines.length;
    counts[`iptables: ${table} naming the bridge`] = lines.filter((l) => l.includes(bridge)).length;
  }
  return counts;
}

function safeList(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}

async function linksOfType(type: string): Promise<number> {
  const { stdout } = await execa("ip", ["-o", "link", "show", "type", type]);
  return stdout.split("\n").filter(Boolean).length;
}

/** Rows side by side: name, before, after, and the difference. */
export function countsTable(before: Record<string, number>, after: Record<string, number>): string {
  const width = Math.max(...Object.keys(before).map((k) => k.length));
  const rows = Object.keys(before).map((k) => {
    const d = (after[k] ?? 0) - (before[k] ?? 0);
    return `${k.padEnd(width)}  ${String(before[k]).padStart(6)}  ${String(after[k]).padStart(6)}  ${d === 0 ? "" : (d > 0 ? "+" : "") + d}`;
  });
  return [`${"count".padEnd(width)}  ${"before".padStart(6)}  ${"after".padStart(6)}  change`, ...rows].join("\n");
}
