// Test support: run the built CLI (bin/rebound) as a user would, each test file in its own REBOUND_HOME.
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

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
  return { home, env: { REBOUND_HOME: home }, remove: () => rm(home, { recursive: true, force: true }) };
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

/** Docker tests never skip: with no engine they fail, saying why (npm test installs one first). */
export async function requireDockerEngine(): Promise<void> {
  const found = await execa("sh", ["-c", "command -v dockerd"], { reject: false });
  if (found.exitCode !== 0) throw new Error("dockerd is not installed: run `npm test` (it installs docker.io) or `rebound engine install`");
  if (process.getuid?.() !== 0) throw new Error("the Docker integration tests need root: sandbox daemons are root-only");
}
