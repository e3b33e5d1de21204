// The stand-in as a real process (run from source through tsx): health, restarts, signals and misbehaviours.
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { StandinStatus } from "../../src/standins/status.js";
import { standinConfig as configFor, freePort, standinProcesses, type StandinRun } from "../support/standin-process.js";

const standins = standinProcesses("standin-process");
const run = standins.run;

type Run = StandinRun;

async function get(port: number, p: string): Promise<Response> {
  return fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(1000) });
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const healthy = (port: number) => until("/healthz 200", async () => ((await get(port, "/healthz")).status === 200 ? true : undefined));
const status = async (port: number) => (await (await get(port, "/status")).json()) as StandinStatus;
const initialised = (port: number) => until("PoST init", async () => ((await status(port)).postInitDone ? status(port) : undefined));

async function stopWithin(r: Run, ms: number): Promise<number | null> {
  const sent = Date.now();
  r.child.kill("SIGTERM");
  const { code, at } = await r.exited;
  expect(at - sent, r.output()).toBeLessThan(ms);
  return code;
}

describe("smesher process", () => {
  let port: number;
  let dataDir: string;
  let firstKey: string;

  beforeAll(async () => {
    port = await freePort();
    dataDir = standins.dir("smesher");
  });

  it("serves health, status and metrics, and exits 0 within a second of SIGTERM", async () => {
    const r = run("main", configFor(port, dataDir));
    await healthy(port);
    const first = await status(port);
    expect(first).toMatchObject({ role: "smesher", id: "s1", units: 4, starts: 1, postInits: 1 });
    firstKey = first.key;
    expect(firstKey).toMatch(/^[0-9a-f]{64}$/);
    const ready = await initialised(port);
    expect(ready.currentLayer).toBeGreaterThanOrEqual(50);
    const metrics = await (await get(port, "/metrics")).text();
    expect(metrics).toContain("# TYPE rebound_standin_starts_total counter");
    expect(metrics).toContain('rebound_standin_starts_total{role="smesher",id="s1"} 1');
    expect(metrics).toMatch(/rebound_standin_post_inits_total\{[^}]*\} 1/);
    const hc = run("healthcheck", configFor(port, dataDir));
    expect((await hc.exited).code).toBe(0);
    expect(await stopWithin(r, 1000)).toBe(0);
    expect(r.output()).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z smesher\/s1 start /m);
    expect(fs.existsSync(path.join(dataDir, "post.marker"))).toBe(true);
  });

  it("resumes after a restart: same key, one more start, no second PoST init, no lost progress", async () => {
    const before = JSON.parse(fs.readFileSync(path.join(dataDir, "state.json"), "utf8")) as { lastLayer: number };
    const r = run("main", configFor(port, dataDir));
    await healthy(port);
    const s = await status(port);
    expect(s).toMatchObject({ starts: 2, key: firstKey, postInits: 1, postInitDone: true, resumedFromLayer: before.lastLayer });
    expect(s.phase).not.toBe("initialising");
    expect(await stopWithin(r, 1000)).toBe(0);
  });

  it("starts from scratch every time with resume: false", async () => {
    const r = run("main", configFor(port, dataDir, { misbehaviour: { ignoreSigterm: false, resume: false } }));
    await healthy(port);
    const s = await status(port);
    expect(s).toMatchObject({ starts: 1, postInits: 1, phase: "initialising", resumedFromLayer: -1 });
    expect(s.key).not.toBe(firstKey);
    expect(await stopWithin(r, 1000)).toBe(0);
  });

  it("keeps running after SIGTERM with ignoreSigterm", async () => {
    const r = run("main", configFor(port, standins.dir("stubborn"), { misbehaviour: { ignoreSigterm: true, resume: true } }));
    await healthy(port);
    r.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(r.child.exitCode).toBeNull();
    expect((await get(port, "/healthz")).status).toBe(200);
    r.child.kill("SIGKILL");
    expect((await r.exited).signal).toBe("SIGKILL");
    expect(r.output()).toContain("sigterm-ignored");
  });
});

describe("two smeshers voting", () => {
  it("confirm layers together, and the smaller one halts for good once the larger one is gone", async () => {
    const [p1, p2] = [await freePort(), await freePort()];
    const genesisSet = [{ id: "big", units: 3 }, { id: "small", units: 2 }];
    const clock = { genesisMs: Date.now() - 10_000, layerMs: 200, layersPerEpoch: 10 };
    const consensus = { ...configFor(0, "").consensus, postInitLayers: 0 };
    const big = run("main", configFor(p1, standins.dir("big"), { id: "big", units: 3, clock, consensus, genesisSet, peers: [{ id: "small", address: `127.0.0.1:${p2}` }] }));
    const small = run("main", configFor(p2, standins.dir("small"), { id: "small", units: 2, clock, consensus, genesisSet, peers: [{ id: "big", address: `127.0.0.1:${p1}` }] }));
    await Promise.all([healthy(p1), healthy(p2)]);
    const together = await until("a confirmed layer", async () => {
      const s = await status(p2);
      return s.hare.some((h) => h.outcome === "confirmed" && h.weight === 5) ? s : undefined;
    });
    expect(together).toMatchObject({ peersReachable: 1, peersTotal: 1, epochWeight: { total: 5, activeSet: 2 } });
    expect(await stopWithin(big, 1000)).toBe(0);
    const afterStart = (s: StandinStatus) => s.hare.find((h) => h.outcome === "failed" && h.layer > (s.tortoise.startLayer ?? Infinity));
    const alone = await until("a failed layer", async () => {
      const s = await status(p2);
      return afterStart(s) ? s : undefined;
    });
    // Failures before the network's first confirmed layer are the network still forming, not a halt.
    const failed = afterStart(alone);
    expect(failed).toMatchObject({ weight: 2, totalWeight: 5 });
    expect(alone.verifiedLayer).toBe((failed?.layer ?? 0) - 1);
    expect(alone.tortoise.stalledAt).toBe(failed?.layer);
    await until("peers unreachable", async () => ((await status(p2)).peersReachable === 0 ? true : undefined));
    expect(await stopWithin(small, 1000)).toBe(0);
  });
});

describe("poet process and the healthcheck", () => {
  it("records registrations in the open round and keeps them across a restart", async () => {
    const port = await freePort();
    const config = configFor(port, standins.dir("poet"), { role: "poet", id: "p1", units: 0 });
    let r = run("main", config);
    await healthy(port);
    const reg = await fetch(`http://127.0.0.1:${port}/register`, { method: "POST", body: JSON.stringify({ id: "s1", key: "k1" }) });
    const { round, key } = (await reg.json()) as { round: number; key: string };
    const open = (await status(port)).rounds.find((x) => x.state === "open");
    expect(round).toBe(open?.epoch);
    expect(key).toBe((await status(port)).key);
    expect(await stopWithin(r, 1000)).toBe(0);
    r = run("main", config);
    await healthy(port);
    const s = await status(port);
    expect(s).toMatchObject({ role: "poet", phase: "serving", starts: 2 });
    expect(s.rounds.find((x) => x.epoch === round)?.registrations).toEqual(["s1"]);
    expect(s.key).toBe(key);
    expect((await fetch(`http://127.0.0.1:${port}/register`, { method: "POST", body: "{}" })).status).toBe(422);
    expect(await stopWithin(r, 1000)).toBe(0);
  });

  it("healthcheck exits 1 when nothing answers", async () => {
    const hc = run("healthcheck", configFor(await freePort(), standins.dir()));
    expect((await hc.exited).code).toBe(1);
  });
});
