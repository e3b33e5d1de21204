// A real stand-in process (from source through tsx) reports how its previous run ended: SIGTERM, SIGKILL, a fatal error.
import { describe, expect, it } from "vitest";
import type { StandinConfig } from "../../src/standins/config.js";
import type { StandinStatus } from "../../src/standins/status.js";
import { freePort, listening, standinConfig, standinProcesses } from "../support/standin-process.js";

const standins = standinProcesses("standin-exit");
/** The stand-in's main program; resolves with its exit code. */
function run(config: StandinConfig) {
  const r = standins.run("main", config);
  return { child: r.child, exited: r.exited.then((e) => e.code) };
}

function poet(port: number, dataDir: string, resume = true): StandinConfig {
  return standinConfig(port, dataDir, { role: "poet", id: "p1", units: 0, genesisSet: [], misbehaviour: { ignoreSigterm: false, resume } });
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
    const dir = standins.dir("poet");
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
    const dir = standins.dir("failed");
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
