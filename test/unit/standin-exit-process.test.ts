// A real stand-in process (from source through tsx) reports how its previous run ended: SIGTERM, SIGKILL, a fatal error.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import { createServer, type Server } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StandinConfig } from "../../src/standins/config.js";
import type { StandinStatus } from "../../src/standins/status.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const children: ChildProcess[] = [];
let tmp: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "standin-exit-"));
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

function listening(): Promise<{ port: number; server: Server }> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "0.0.0.0", () => resolve({ port: (server.address() as { port: number }).port, server }));
    server.on("error", reject);
  });
}

async function freePort(): Promise<number> {
  const { port, server } = await listening();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function poet(port: number, dataDir: string, resume = true): StandinConfig {
  return {
    role: "poet",
    id: "p1",
    units: 0,
    port,
    dataDir,
    clock: { genesisMs: Date.now() - 10_000, layerMs: 200, layersPerEpoch: 10 },
    consensus: { hareThreshold: [1, 2], tortoiseThreshold: [1, 3], selfHealing: false, zdist: 2, phaseShift: 5, cycleGap: 3, postInitLayers: 0 },
    peers: [],
    poets: [],
    genesisSet: [],
    misbehaviour: { ignoreSigterm: false, resume },
  };
}

function run(config: StandinConfig): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ["--import", "tsx", "src/standins/main.ts"], {
    cwd: root,
    env: { ...process.env, REBOUND_CONFIG: JSON.stringify(config) },
    stdio: "ignore",
  });
  children.push(child);
  return { child, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

/** /status once it answers. */
async function statusOf(port: number): Promise<StandinStatus> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const res = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
    if (res?.status === 200) return (await res.json()) as StandinStatus;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("no /status");
}

describe("a stand-in's record of its last run", () => {
  it("is first, then clean after SIGTERM, killed after SIGKILL, and survives a wipe", async () => {
    const port = await freePort();
    const dir = path.join(tmp, "poet");
    let r = run(poet(port, dir));
    expect((await statusOf(port)).lastExit).toEqual({ kind: "first" });
    r.child.kill("SIGTERM");
    expect(await r.exited).toBe(0);

    r = run(poet(port, dir));
    expect((await statusOf(port)).lastExit).toMatchObject({ kind: "clean", code: 0, reason: "SIGTERM" });
    r.child.kill("SIGKILL");
    await r.exited;

    r = run(poet(port, dir, false));
    // The wipe took the state (starts 1 again), not the fact that the previous process was killed.
    expect(await statusOf(port)).toMatchObject({ starts: 1, lastExit: { kind: "killed" } });
    r.child.kill("SIGTERM");
    await r.exited;
  });

  it("records the code of a run that failed by itself", async () => {
    const busy = await listening();
    const dir = path.join(tmp, "failed");
    const failed = run(poet(busy.port, dir));
    expect(await failed.exited).toBe(1); // the port is taken
    await new Promise((resolve) => busy.server.close(resolve));
    const port = await freePort();
    const r = run(poet(port, dir));
    expect((await statusOf(port)).lastExit).toMatchObject({ kind: "clean", code: 1, reason: "error" });
    r.child.kill("SIGTERM");
    await r.exited;
  });
});
