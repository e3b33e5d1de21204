// Test support: stand-ins as real processes, run from source through tsx, each in a temporary directory that the
// file's tests share; whatever a test leaves running is SIGKILLed after it.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createServer, type Server } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll } from "vitest";
import type { StandinConfig } from "../../src/standins/config.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface StandinRun {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Everything it printed so far, stdout and stderr. */
  output: () => string;
}

/** Registers the file's hooks; call once at the top of a test file. */
export function standinProcesses(prefix: string) {
  const children: ChildProcess[] = [];
  let tmp = "";
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}-`));
  });
  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  return {
    /** A path inside the file's temporary directory (the directory itself for no name). */
    dir: (name = "") => path.join(tmp, name),
    run(program: "main" | "healthcheck", config: StandinConfig): StandinRun {
      const child = spawn(process.execPath, ["--import", "tsx", `src/standins/${program}.ts`], {
        cwd: root,
        env: { ...process.env, REBOUND_CONFIG: JSON.stringify(config) },
        stdio: ["ignore", "pipe", "pipe"],
      });
      children.push(child);
      let out = "";
      child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
        child.on("exit", (code, signal) => resolve({ code, signal, at: Date.now() })),
      );
      return { child, exited, output: () => out };
    },
  };
}

/** A port something listens on, until the caller closes the server. */
export function listening(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve, reject) => {
    // 0.0.0.0, as the stand-in binds: a port taken there is taken for it.
    const server = createServer().listen(0, "0.0.0.0", () => resolve({ port: (server.address() as { port: number }).port, server }));
    server.on("error", reject);
  });
}

export async function freePort(): Promise<number> {
  const { port, server } = await listening();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A smesher "s1" with 4 units alone in its network, genesis 10 s ago, 200 ms layers; `over` changes any of it. */
export function standinConfig(port: number, dataDir: string, over: Partial<StandinConfig> = {}): StandinConfig {
  return {
    role: "smesher",
    id: "s1",
    units: 4,
    port,
    dataDir,
    clock: { genesisMs: Date.now() - 10_000, layerMs: 200, layersPerEpoch: 10 },
    consensus: { hareThreshold: [1, 2], tortoiseThreshold: [1, 3], selfHealing: false, zdist: 2, phaseShift: 5, cycleGap: 3, postInitLayers: 2 },
    peers: [],
    poets: [],
    genesisSet: [{ id: "s1", units: 4 }],
    misbehaviour: { ignoreSigterm: false, resume: true },
    ...over,
  };
}
