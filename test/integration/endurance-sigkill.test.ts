// Stand-in state survives SIGKILL at any moment: 200 kills at random times under write load (a write per 10 ms
// layer), each followed by a restart on the same data directory; every file must parse and fit its shape after
// every kill, and the restart must resume (same key, no PoST re-init, no lost progress, one more start).
// Runs the compiled stand-in (dist/, built by `npm test`): a node start is ~0.3 s against ~1 s through tsx.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StandinConfig } from "../../src/standins/config.js";
import type { DocName } from "../../src/standins/model/transport.js";
import { RUN_MARKER } from "../../src/standins/run-marker.js";
import { docProblem, FILES } from "../../src/standins/state.js";
import type { StandinStatus } from "../../src/standins/status.js";
import { freePort, standinConfig } from "../support/standin-process.js";

/** Two lanes (a smesher and a PoET) side by side: 200 kills; ENDURANCE_KILLS=n runs n per lane for a quick look. */
const KILLS_PER_LANE = Number(process.env.ENDURANCE_KILLS ?? 100);
/** One kill in five lands during start-up (before the process answers), where it writes its key, marker and start. */
const BLIND_SHARE = 0.2;
const MAX_DELAY_MS = 150;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const main = path.join(root, "dist/standins/main.js");
const children = new Set<ChildProcess>();
let tmp = "";

beforeAll(() => {
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "endurance-sigkill-"));
});
afterEach(() => {
  for (const child of children) child.kill("SIGKILL");
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function start(config: StandinConfig): { child: ChildProcess; exited: Promise<number | null>; output: () => string } {
  const child = spawn(process.execPath, [main], { env: { ...process.env, REBOUND_CONFIG: JSON.stringify(config) }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.on("exit", (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, output: () => out };
}

/** The stand-in's status once it answers; undefined (at once) when it exits first, e.g. on a state file it refuses. */
async function status(port: number, exited: Promise<number | null>, timeoutMs = 60_000): Promise<StandinStatus | undefined> {
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + timeoutMs;
  while (!gone) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/status`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) return (await res.json()) as StandinStatus;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no /status on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TEMP = /^\..+\.\d+\.tmp$/;

/** What is wrong with the data directory right after a kill: a file that does not parse or does not fit. */
function problems(dir: string): string[] {
  const found: string[] = [];
  for (const [name, file] of [...Object.entries(FILES), ["run", RUN_MARKER]] as [DocName | "run", string][]) {
    let text: string;
    try {
      text = fs.readFileSync(path.join(dir, file), "utf8");
    } catch {
      continue; // not written yet: a kill during the very first start
    }
    try {
      const value: unknown = JSON.parse(text);
      const problem = name === "run" ? (/^(running|exited)$/.test((value as { state?: string })?.state ?? "") ? null : "bad run marker") : docProblem(name, value);
      if (problem) found.push(`${file}: ${problem}`);
    } catch (err) {
      found.push(`${file}: ${(err as Error).message}`);
    }
  }
  return found;
}

interface LaneResult {
  role: string;
  kills: number;
  midWrite: number;
  blind: number;
  failures: string[];
  starts: number;
  ms: number;
}

/** Kills one stand-in `kills` times and restarts it each time on the same data directory. */
async function lane(config: StandinConfig, kills: number): Promise<LaneResult> {
  const t0 = Date.now();
  const r: LaneResult = { role: config.role, kills: 0, midWrite: 0, blind: 0, failures: [], starts: 0, ms: 0 };
  let first: StandinStatus | undefined;
  let seen: StandinStatus | undefined;
  let blindSince = 0; // kills before the process answered since the last status seen: each may or may not have counted a start
  const fail = (i: number, what: string) => r.failures.push(`${config.role} kill ${i}: ${what}`);
  for (let i = 0; i < kills; i++) {
    const p = start(config);
    const blind = Math.random() < BLIND_SHARE;
    if (blind) {
      await sleep(Math.random() * 400);
      r.blind++;
      blindSince++;
    } else {
      const s = await status(config.port, p.exited).catch((err: Error) => (fail(i, err.message), undefined));
      if (!s) {
        fail(i, `the restart did not answer; output: ${p.output().slice(-400)}`);
        break;
      }
      first ??= s;
      const gained = s.starts - (seen?.starts ?? 0);
      if (gained < 1 || gained > 1 + blindSince) fail(i, `starts went from ${seen?.starts ?? 0} to ${s.starts} over ${1 + blindSince} start(s)`);
      if (s.key !== first.key || s.identityChanges !== 0) fail(i, `identity changed: ${first.key} -> ${s.key}, identityChanges ${s.identityChanges}`);
      if (s.postInits > 1) fail(i, `PoST initialised ${s.postInits} times`);
      if (seen && config.role === "smesher" && s.resumedFromLayer < seen.lastLayer) fail(i, `resumed from layer ${s.resumedFromLayer} after layer ${seen.lastLayer} was seen`);
      if (seen && s.lastExit?.kind !== "killed") fail(i, `last exit read as ${JSON.stringify(s.lastExit)}, not killed`);
      seen = s;
      blindSince = 0;
      await sleep(Math.random() * MAX_DELAY_MS);
    }
    p.child.kill("SIGKILL");
    const code = await p.exited;
    r.kills++;
    if (code !== null) fail(i, `exited by itself with ${code} before the kill; output: ${p.output().slice(-400)}`);
    // A kill early in the very first start can come before the data directory exists.
    const names = fs.existsSync(config.dataDir) ? fs.readdirSync(config.dataDir) : [];
    if (names.some((n) => TEMP.test(n))) r.midWrite++;
    for (const problem of problems(config.dataDir)) fail(i, problem);
    if (r.failures.length > 0) break; // the first broken file says it all; the next start would refuse it
  }
  r.ms = Date.now() - t0;
  if (r.failures.length > 0) return r;
  // One last start: it answers, and the temp files the kills left are gone.
  const p = start(config);
  const last = await status(config.port, p.exited);
  if (!last) r.failures.push(`${config.role}: the last start did not answer; output: ${p.output().slice(-400)}`);
  r.starts = last?.starts ?? 0;
  const left = fs.readdirSync(config.dataDir).filter((n) => TEMP.test(n) && !n.endsWith(`.${p.child.pid}.tmp`));
  if (left.length > 0) r.failures.push(`${config.role}: temp files left after the last start: ${left.join(", ")}`);
  p.child.kill("SIGKILL");
  await p.exited;
  r.ms = Date.now() - t0;
  return r;
}

describe("stand-in state under SIGKILL", () => {
  it(`survives ${2 * KILLS_PER_LANE} kills at random moments under write load`, async () => {
    const clock = { genesisMs: Date.now() - 10_000, layerMs: 10, layersPerEpoch: 10 };
    const [p1, p2] = [await freePort(), await freePort()];
    const smesher = standinConfig(p1, path.join(tmp, "smesher"), { clock });
    const poet = standinConfig(p2, path.join(tmp, "poet"), { role: "poet", id: "p1", units: 0, clock });
    const results = await Promise.all([lane(smesher, KILLS_PER_LANE), lane(poet, KILLS_PER_LANE)]);
    console.log(
      [
        "role     kills  mid-write  during start-up  starts  failures  seconds",
        ...results.map((r) =>
          [r.role.padEnd(8), String(r.kills).padStart(5), String(r.midWrite).padStart(10), String(r.blind).padStart(16), String(r.starts).padStart(7), String(r.failures.length).padStart(9), (r.ms / 1000).toFixed(1).padStart(8)].join(" "),
        ),
      ].join("\n"),
    );
    expect(results.flatMap((r) => r.failures)).toEqual([]);
    expect(results.map((r) => r.kills)).toEqual([KILLS_PER_LANE, KILLS_PER_LANE]);
    // The smesher's start count is exact: every answered start counted once, and a blind kill at most once more each.
    for (const r of results) expect(r.starts).toBeGreaterThanOrEqual(KILLS_PER_LANE - r.blind + 1);
  }, 300_000);

  it("refuses to start on a corrupt state file: exit 1, one line naming the file and what to do, the file kept", async () => {
    const dir = path.join(tmp, "corrupt");
    const config = standinConfig(await freePort(), dir);
    const ok = start(config);
    expect(await status(config.port, ok.exited)).toMatchObject({ starts: 1 });
    ok.child.kill("SIGTERM");
    expect(await ok.exited).toBe(0);
    const file = path.join(dir, FILES.state);
    const text = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, text.slice(0, 100));
    const bad = start(config);
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(new RegExp(`fatal ${file}: not a valid state file \\(not JSON: .*\\); .*restore the file, or move it aside`));
    expect(bad.output()).not.toMatch(/\n\s+at /);
    expect(fs.readFileSync(file, "utf8")).toBe(text.slice(0, 100));
  }, 30_000);
});
