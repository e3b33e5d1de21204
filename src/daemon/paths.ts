// Where rebound keeps its state: REBOUND_HOME for data, a short run directory for sockets.
import { createHash } from "node:crypto";
import { homedir } from "node:os";
import { join } from "node:path";

/** Persistent state: sandbox data-roots, experiment records, journals. */
export function reboundHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.REBOUND_HOME ?? join(homedir(), ".rebound");
}

/**
 * Sockets and pidfiles. Unix socket paths are limited to 108 bytes and containerd nests its own socket under
 * the exec-root, so this stays short and independent of REBOUND_HOME; the hash keeps two REBOUND_HOMEs apart.
 */
export function runRoot(env: NodeJS.ProcessEnv = process.env): string {
  const home = reboundHome(env);
  return join(runBase(env), shortHash(home, 6));
}

/** The machine's rebound run directory, shared by every REBOUND_HOME (REBOUND_RUN_DIR moves it, for tests). */
export const runBase = (env: NodeJS.ProcessEnv = process.env): string => env.REBOUND_RUN_DIR ?? "/run/rebound";

/** Machine-wide claims on experiment subnets and bridge names: next to every home's run root, never inside one. */
export const claimsDir = (env: NodeJS.ProcessEnv = process.env): string => join(runBase(env), "claims");

export function shortHash(text: string, length = 8): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

export interface SandboxPaths {
  dir: string;
  dataRoot: string;
  configFile: string;
  logFile: string;
  specFile: string;
  runDir: string;
  execRoot: string;
  socket: string;
  pidfile: string;
}

export function sandboxPaths(name: string, env: NodeJS.ProcessEnv = process.env): SandboxPaths {
  const dir = join(reboundHome(env), "sandboxes", name);
  const runDir = join(runRoot(env), shortHash(name, 10));
  return {
    dir,
    dataRoot: join(dir, "data"),
    configFile: join(dir, "daemon.json"),
    logFile: join(dir, "dockerd.log"),
    specFile: join(dir, "sandbox.json"),
    runDir,
    execRoot: join(runDir, "exec"),
    socket: join(runDir, "docker.sock"),
    pidfile: join(runDir, "dockerd.pid"),
  };
}
