// Test harness: an existing Docker host reachable only over ssh (sshd in its own network namespace, in front of a
// dockerd run by a fake systemd with the stock docker.service rules), for tests of rebound's ssh hosts.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { killAll, processesUsing, unmountAll } from "./leftovers.js";
import { assertNetworkFree, createNetwork, hostNetwork, namespacePids, removeNetwork, type HostNetwork } from "./network.js";
import { acceptedConnections, ensureSshd, sshBanner, startSshd, writeSshFiles } from "./sshd.js";

export { ensureSshd } from "./sshd.js";

export interface RemoteHost {
  name: string;
  /** 10.254.<index>.2, inside the host's network namespace. */
  address: string;
  /** ssh://root@10.254.<index>.2:22 */
  sshUrl: string;
  /** The client's private key (ed25519, no passphrase), authorised for root on the host. */
  identityFile: string;
  /** A known_hosts file holding this host's key (a plain entry). */
  knownHostsFile: string;
  /** "10.254.<index>.2 ssh-ed25519 AAAA...": to build changed or empty known_hosts files. */
  hostKeyLine: string;
  /** The engine's unix socket, for a test's own assertions only (rebound must go through ssh). */
  dockerSocket: string;
  /** Where the host keeps its files and logs (sshd.log, dockerd.log, systemd.log). */
  dir: string;
  /** Runs the host's fake systemctl with these args, as a shell on the host would. */
  systemctl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Accepted ssh connections so far, from sshd's log ("Accepted publickey" lines); the harness makes none itself. */
  acceptedConnections(): Promise<number>;
  /** The last lines of sshd's, the fake systemd's and dockerd's logs, for a failing test to print. */
  logs(lines?: number): Promise<string>;
  /** Stops sshd, the fake systemd and its dockerd (and that dockerd's containers); removes netns, veth and files. */
  stop(): Promise<void>;
}

const HERE = import.meta.dirname;
const READY_MS = 60_000;

export async function startRemoteHost(options: { name: string; index: number; dir?: string }): Promise<RemoteHost> {
  const net = hostNetwork(options.name, options.index);
  await ensureSshd();
  await assertNetworkFree(net);
  // dockerd's exec-root holds containerd's sockets, whose paths must stay under 108 characters.
  const runDir = `/run/rbt-${options.name}`;
  const dir = options.dir ?? (await mkdtemp(`/tmp/rbt-${options.name}-`));
  const cleanup = () => teardown(net, dir, runDir, options.dir === undefined);
  try {
    await mkdir(join(dir, "bin"), { recursive: true });
    const dockerSocket = join(dir, "docker.sock");
    const sessionPath = `${join(dir, "bin")}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
    await createNetwork(net);
    const ssh = await writeSshFiles(dir, net.address, { DOCKER_HOST: `unix://${dockerSocket}`, PATH: sessionPath });
    const controlSocket = join(dir, "systemd.sock");
    const systemctlPath = join(dir, "bin", "systemctl");
    await writeFile(systemctlPath, `#!/bin/sh\n# This host's fake systemctl: talks to its fake systemd.\nexec '${process.execPath}' '${join(HERE, "systemctl.mjs")}' '${controlSocket}' "$@"\n`);
    await chmod(systemctlPath, 0o755);
    await startSupervisor(dir, controlSocket, dockerdArgs(options.name, dir, runDir, dockerSocket), dockerSocket, runDir);
    await startSshd(net.netns, ssh);
    const systemctl = async (args: string[]) => {
      const result = await execa(systemctlPath, args, { reject: false, env: { PATH: sessionPath, DOCKER_HOST: `unix://${dockerSocket}` } });
      return { code: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
    };
    await waitUntil(`${options.name}: sshd on ${net.address}:22`, () => sshBanner(net.address));
    await waitUntil(`${options.name}: docker.service active`, async () => (await systemctl(["is-active", "docker.service"])).stdout === "active");
    // Two dockerds starting at once can race on iptables chains; the loser exits and Restart=always brings it back.
    // Tests of the start limit want a host that has used none of it: clear the boot's restarts (logged in systemd.log).
    if ((await systemctl(["show", "docker.service", "-p", "NRestarts", "--value"])).stdout !== "0") await systemctl(["reset-failed", "docker.service"]);
    return {
      name: options.name,
      address: net.address,
      sshUrl: `ssh://root@${net.address}:22`,
      identityFile: ssh.identityFile,
      knownHostsFile: ssh.knownHostsFile,
      hostKeyLine: ssh.hostKeyLine,
      dockerSocket,
      dir,
      systemctl,
      acceptedConnections: () => acceptedConnections(ssh.log),
      logs: (lines = 30) => logTails(dir, lines),
      stop: cleanup,
    };
  } catch (error) {
    const logs = await logTails(dir, 15);
    await cleanup();
    throw new Error(`remote host ${options.name} did not start: ${(error as Error).message}\n${logs}`);
  }
}

/** As src/daemon/sandbox-daemon.ts args(): a private dockerd with no default bridge, iptables on, its own containerd. */
function dockerdArgs(name: string, dir: string, runDir: string, dockerSocket: string): string[] {
  return [
    `--host=unix://${dockerSocket}`,
    `--data-root=${join(dir, "data")}`,
    `--exec-root=${runDir}`,
    `--pidfile=${join(runDir, "docker.pid")}`,
    `--config-file=${join(dir, "daemon.json")}`,
    "--bridge=none",
    "--ip-masq=false",
    `--containerd-namespace=rbt${name}`,
    `--containerd-plugins-namespace=rbt${name}p`,
  ];
}

async function startSupervisor(dir: string, controlSocket: string, args: string[], dockerSocket: string, runDir: string): Promise<void> {
  await writeFile(join(dir, "daemon.json"), JSON.stringify(await engineIdentity(dir)) + "\n");
  const config = {
    controlSocket,
    journalFile: join(dir, "systemd.log"),
    dockerdLog: join(dir, "dockerd.log"),
    dockerSocket,
    command: "dockerd",
    args,
    staleFiles: [join(runDir, "docker.pid"), join(runDir, "containerd", "containerd.pid")],
  };
  const configFile = join(dir, "systemd.json");
  await writeFile(configFile, JSON.stringify(config, null, 2) + "\n");
  const out = openSync(join(dir, "systemd.out"), "a");
  const child = spawn(process.execPath, [join(HERE, "supervisor.mjs"), configFile], { detached: true, stdio: ["ignore", out, out] });
  closeSync(out);
  child.unref();
  await writeFile(join(dir, "systemd.pid"), `${child.pid}\n`);
}

/**
 * Its own engine ID, as a separate machine has. dockerd before 23 derives `docker info`'s ID from a key file,
 * /etc/docker/key.json by default, that every daemon on this machine would share; 23 and later keep the ID in the
 * data-root (and no longer know this setting).
 */
async function engineIdentity(dir: string): Promise<Record<string, string>> {
  const version = (await execa("dockerd", ["--version"], { reject: false })).stdout;
  const major = Number(/version (\d+)\./.exec(version)?.[1] ?? "0");
  return major > 0 && major < 23 ? { "deprecated-key-path": join(dir, "key.json") } : {};
}

async function waitUntil(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + READY_MS;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${READY_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function logTails(dir: string, lines: number): Promise<string> {
  const parts: string[] = [];
  for (const file of ["sshd.log", "systemd.log", "dockerd.log", "systemd.out"]) {
    const text = await readFile(join(dir, file), "utf8").catch(() => undefined);
    if (text !== undefined) parts.push(`--- ${join(dir, file)}\n${text.trim().split("\n").slice(-lines).join("\n")}`);
  }
  return parts.join("\n");
}

/** Always safe to call, also after a failed or partial start; leaves no process, mount, netns or link. */
async function teardown(net: HostNetwork, dir: string, runDir: string, removeDir: boolean): Promise<void> {
  const dockerSocket = join(dir, "docker.sock");
  const docker = (args: string[]) => execa("docker", ["-H", `unix://${dockerSocket}`, ...args], { reject: false, timeout: 30_000 });
  // Containers first, while the engine answers: stopping dockerd would give each its stop timeout.
  const ids = (await docker(["ps", "-aq"])).stdout.split("\n").filter(Boolean);
  if (ids.length > 0) await docker(["rm", "-f", ...ids]);
  // The fake systemd stops docker.service on SIGTERM (SIGTERM to dockerd, which stops its containerd).
  const supervisor = Number.parseInt(await readFile(join(dir, "systemd.pid"), "utf8").catch(() => ""), 10);
  if (Number.isInteger(supervisor) && supervisor > 0) {
    try {
      process.kill(supervisor, "SIGTERM");
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline && processesUsing([], [supervisor]).length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    } catch {
      // Not running.
    }
  }
  // Whatever is left (a dockerd that would not stop, an orphaned containerd, shims and their containers, sshd and its
  // sessions) is killed outright.
  for (let round = 0; round < 5; round++) {
    const pids = processesUsing([dir, runDir], await namespacePids(net));
    if (pids.length === 0) break;
    killAll(pids);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await unmountAll([dir, runDir]);
  await removeNetwork(net);
  await rm(runDir, { recursive: true, force: true });
  if (removeDir) await rm(dir, { recursive: true, force: true });
}
