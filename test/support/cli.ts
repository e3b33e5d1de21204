// Test support: run the built CLI (bin/rebound) as a user would, each test file in its own REBOUND_HOME.
import { mkdtempSync, readFileSync } from "node:fs";
import { rm, rmdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { runRoot } from "../../src/daemon/paths.js";

export const REPO = join(import.meta.dirname, "..", "..");
const BIN = join(REPO, "bin", "rebound");

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** A private REBOUND_HOME, also set on this process so src modules used by the test see the same state. */
export function isolatedHome(prefix: string): { home: string; env: Record<string, string>; remove: () => Promise<void> } {
  const home = mkdtempSync(join(tmpdir(), `rebound-${prefix}-`));
  process.env.REBOUND_HOME = home;
  return { home, env: { REBOUND_HOME: home }, remove: () => removeHome(home) };
}

/** A sandbox data-root can still be mounted when a test failed half-way; release it, then remove the home. */
async function removeHome(home: string): Promise<void> {
  const mountinfo = readFileSync("/proc/self/mountinfo", "utf8");
  const mounts = mountinfo.split("\n").map((line) => line.split(" ")[4] ?? "").filter((point) => point.startsWith(`${home}/`));
  for (const point of mounts.sort().reverse()) await execa("umount", ["-l", point], { reject: false });
  await rm(home, { recursive: true, force: true });
  // The home's run directory (sockets, pidfiles) under /run/rebound, once its daemons have left it empty.
  await rmdir(runRoot({ REBOUND_HOME: home })).catch(() => undefined);
}

export async function rebound(args: string[], env: Record<string, string>, timeoutMs = 240_000): Promise<CliResult> {
  const result = await execa(BIN, args, {
    cwd: REPO,
    env: { ...env, NO_COLOR: "1", CI: "true" },
    reject: false,
    timeout: timeoutMs,
  });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs rebound and sends it SIGINT the first time its progress (stderr) matches `when`; says whether it did. */
export async function reboundInterrupted(args: string[], env: Record<string, string>, when: RegExp): Promise<CliResult & { interrupted: boolean }> {
  const child = execa(BIN, args, { cwd: REPO, env: { ...env, CI: "true", NO_COLOR: "1" }, reject: false });
  let interrupted = false;
  child.stderr!.on("data", (chunk: Buffer) => {
    if (!interrupted && when.test(chunk.toString())) {
      interrupted = true;
      child.kill("SIGINT");
    }
  });
  const result = await child;
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, interrupted };
}

/** Docker tests never skip: with no engine they fail, saying why (npm test installs one first). */
export async function requireDockerEngine(): Promise<void> {
  const found = await execa("sh", ["-c", "command -v dockerd"], { reject: false });
  if (found.exitCode !== 0) throw new Error("dockerd is not installed: run `npm test` (it installs docker.io) or `rebound engine install`");
  if (process.getuid?.() !== 0) throw new Error("the Docker integration tests need root: sandbox daemons are root-only");
}
