// Finds dockerd, and installs Debian's docker.io when it is missing and we are allowed to (root on Debian).
import { existsSync } from "node:fs";
import { environmentError } from "../errors.js";
import { hasProgram, run } from "../util/subprocess.js";

export interface EngineCheck {
  dockerd: boolean;
  ip: boolean;
  iptables: boolean;
}

export async function checkEngine(): Promise<EngineCheck> {
  const [dockerd, ip, iptables] = await Promise.all([hasProgram("dockerd"), hasProgram("ip"), hasProgram("iptables")]);
  return { dockerd, ip, iptables };
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
const isDebianLike = () => existsSync("/etc/debian_version") && existsSync("/usr/bin/apt-get");

/**
 * Makes sure a Docker engine can be started here. Installs from the OS packages only (never a registry or a
 * download script) and only when that is possible without asking: root on a Debian-like system.
 */
export async function ensureEngine(log: (line: string) => void = () => {}): Promise<void> {
  const found = await checkEngine();
  if (found.dockerd && found.ip && found.iptables) return;
  if (!isRoot() || !isDebianLike()) {
    throw environmentError(
      "dockerd is not installed: rebound starts its own sandbox Docker daemons and needs the engine",
      "install it from your OS packages (Debian/Ubuntu: apt-get install docker.io iproute2) and run as root",
    );
  }
  log("installing docker.io and iproute2 from the OS packages (apt-get)");
  await run("apt-get", ["update", "-qq"], { timeoutMs: 300_000 });
  await run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "docker.io", "iproute2", "iptables"], {
    timeoutMs: 600_000,
    env: { DEBIAN_FRONTEND: "noninteractive" },
  });
  if (!(await hasProgram("dockerd"))) throw environmentError("apt-get installed docker.io but dockerd is not on PATH");
}

export function requireRoot(): void {
  if (!isRoot()) {
    throw environmentError(
      "sandbox Docker daemons need root (dockerd, bridges and iptables rules are root-only)",
      "run rebound as root",
    );
  }
}
