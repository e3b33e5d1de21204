// The remote host's sshd: Debian's openssh-server in the host's network namespace, with its own keys and config in <dir>.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { join } from "node:path";
import { execa } from "execa";

export const SSHD = "/usr/sbin/sshd";

export interface SshFiles {
  config: string;
  log: string;
  pidfile: string;
  identityFile: string;
  knownHostsFile: string;
  hostKeyLine: string;
}

let installing: Promise<void> | undefined;

/** Installs Debian's openssh-server when sshd is missing; never lets its package scripts start a system-wide sshd. */
export function ensureSshd(): Promise<void> {
  if (existsSync(SSHD)) return Promise.resolve();
  // Hosts started together must not run two apt-gets at once (dpkg's lock).
  installing ??= installSshd().finally(() => (installing = undefined));
  return installing;
}

async function installSshd(): Promise<void> {
  if (process.getuid?.() !== 0 || !existsSync("/usr/bin/apt-get")) {
    throw new Error(`${SSHD} is missing: install Debian's openssh-server (apt-get install -y openssh-server) as root`);
  }
  const policy = "/usr/sbin/policy-rc.d";
  const guard = !existsSync(policy);
  if (guard) await writeFile(policy, "#!/bin/sh\n# written by rebound's remote-host test harness while installing openssh-server\nexit 101\n", { mode: 0o755 });
  try {
    const env = { DEBIAN_FRONTEND: "noninteractive" };
    let install = await execa("apt-get", ["install", "-y", "-q", "openssh-server"], { env, reject: false });
    if (install.exitCode !== 0) {
      await execa("apt-get", ["update", "-q"], { env, reject: false });
      install = await execa("apt-get", ["install", "-y", "-q", "openssh-server"], { env, reject: false });
    }
    if (install.exitCode !== 0 || !existsSync(SSHD)) throw new Error(`apt-get install openssh-server failed: ${install.stderr.trim().split("\n").pop() ?? ""}`);
  } finally {
    if (guard) await execa("rm", ["-f", policy]);
  }
}

/** Keys (ed25519, no passphrase), authorized_keys, known_hosts and sshd_config, all in dir. */
export async function writeSshFiles(dir: string, address: string, sessionEnv: Record<string, string>): Promise<SshFiles> {
  const hostKey = join(dir, "ssh_host_ed25519_key");
  const identityFile = join(dir, "id_ed25519");
  for (const [file, comment] of [[hostKey, `rebound-remote-host@${address}`], [identityFile, "rebound-test-client"]] as const) {
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file]);
  }
  await writeFile(join(dir, "authorized_keys"), await readFile(`${identityFile}.pub`, "utf8"), { mode: 0o600 });
  const [type, key] = (await readFile(`${hostKey}.pub`, "utf8")).trim().split(" ");
  const hostKeyLine = `${address} ${type} ${key}`;
  const knownHostsFile = join(dir, "known_hosts");
  await writeFile(knownHostsFile, `${hostKeyLine}\n`);
  const files = { config: join(dir, "sshd_config"), log: join(dir, "sshd.log"), pidfile: join(dir, "sshd.pid"), identityFile, knownHostsFile, hostKeyLine };
  const setEnv = Object.entries(sessionEnv).map(([name, value]) => `${name}=${value}`).join(" ");
  await writeFile(
    files.config,
    [
      `ListenAddress ${address}`,
      "Port 22",
      `HostKey ${hostKey}`,
      `PidFile ${files.pidfile}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      "PermitRootLogin prohibit-password",
      "PubkeyAuthentication yes",
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      // The key files sit in a /tmp directory: StrictModes would reject them for their parents' modes.
      "StrictModes no",
      "LogLevel VERBOSE",
      // Sessions on this host see its own docker socket and its fake systemctl first on PATH (see index.ts).
      `SetEnv ${setEnv}`,
      "PrintMotd no",
      "Subsystem sftp internal-sftp",
      "",
    ].join("\n"),
  );
  return files;
}

/** Starts sshd -D in the namespace, detached; returns its pid (`ip netns exec` execs sshd in place). */
export async function startSshd(netns: string, files: SshFiles): Promise<number> {
  // Privilege separation needs /run/sshd (the system's ssh.service would create it).
  await mkdir("/run/sshd", { recursive: true, mode: 0o755 });
  const test = await execa(SSHD, ["-t", "-f", files.config], { reject: false });
  if (test.exitCode !== 0) throw new Error(`sshd -t -f ${files.config}: ${test.stderr.trim()}`);
  const out = openSync(join(files.log, "..", "sshd.out"), "a");
  const child = spawn("ip", ["netns", "exec", netns, SSHD, "-D", "-f", files.config, "-E", files.log], { detached: true, stdio: ["ignore", out, out] });
  closeSync(out);
  child.unref();
  if (child.pid === undefined) throw new Error("sshd did not start");
  return child.pid;
}

/** True once something on address:22 greets with an SSH banner (no login, so no "Accepted" line is logged). */
export function sshBanner(address: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: 22, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => done(chunk.startsWith("SSH-2.0-")));
    socket.on("timeout", () => done(false));
    socket.on("error", () => done(false));
  });
}

export async function acceptedConnections(log: string): Promise<number> {
  const text = await readFile(log, "utf8").catch(() => "");
  return text.split("\n").filter((line) => line.includes("Accepted publickey")).length;
}
