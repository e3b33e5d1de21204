// recover's safety rules on fake hosts: only runs whose process is gone, settled journals closed once, garbage
// refused, undos of an experiment taken down or of a daemon stopped on purpose moot, a stop's grace period waited out.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { markStoppedOnPurpose } from "../../src/daemon/stopped-on-purpose.js";
import type { DockerEngine } from "../../src/docker/engine.js";
import type { ContainerState } from "../../src/docker/specs.js";
import type { ExperimentRecord } from "../../src/experiment/record.js";
import { startObserved } from "../../src/faults/undo-observed.js";
import type { JournalEntry } from "../../src/journal/entries.js";
import { Journal, readJournal } from "../../src/journal/journal.js";
import { processStartTime } from "../../src/daemon/process-info.js";
import { ownerAlive } from "../../src/journal/run-owner.js";
import { recover, type RecoverOptions } from "../../src/run/recover.js";
import { runPaths } from "../../src/run/run-paths.js";
import { fakeFleet, TWO_HOSTS, type FakeFleet } from "../support/fake-fleet.js";

const plan = TWO_HOSTS;
const A = plan.hosts.find((h) => h.key === "a")!.sandbox.name;

let home: string;
let fleet: FakeFleet;
let teardowns: string[];
const savedHome = process.env.REBOUND_HOME;

beforeEach(async () => {
  home = mkdtempSync(join(tmpdir(), "rebound-recover-safety-"));
  process.env.REBOUND_HOME = home;
  fleet = await fakeFleet(plan);
  teardowns = [];
});

afterEach(() => {
  process.env.REBOUND_HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});

const options = (over: Partial<RecoverOptions> = {}): RecoverOptions => ({
  resolve: fleet.resolve,
  log: () => {},
  experiment: async () => ({ record: {} as ExperimentRecord, hosts: fleet.hosts }),
  finishTeardown: async (_journal, profile) => (teardowns.push(profile), [`removed ${profile}`]),
  ...over,
});

/** A run's journal under REBOUND_HOME/runs, as `rebound run` writes it; `alive` makes this process its owner. */
function runJournal(id: string, alive: boolean | "keep", ...entries: JournalEntry[]): string {
  const { journal: path } = runPaths(id);
  const journal = new Journal(path);
  const pidStart = alive === true ? processStartTime(process.pid) : -1;
  journal.write({ type: "run-start", runId: id, profile: "demo", profilePath: "demo.yaml", seed: 1, pid: process.pid, pidStart, keep: alive === "keep" });
  journal.write({ type: "experiment", experimentId: plan.experimentId, sandboxes: plan.hosts.map((h) => h.sandbox.name), bridgeName: "rbtest" });
  for (const entry of entries) journal.write(entry);
  journal.close();
  return path;
}

const PAUSE_INTENT: JournalEntry = {
  type: "fault-intent",
  fault: { id: "f1", kind: "pause", targets: [{ host: "b", container: "demo-far-0" }], undo: [{ kind: "unpause-container", sandbox: plan.hosts[1]!.sandbox.name, container: "demo-far-0" }] },
};
const DAEMON_INTENT: JournalEntry = { type: "fault-intent", fault: { id: "f1", kind: "daemon-restart", targets: [{ host: "a" }], undo: [{ kind: "start-daemon", sandbox: A }] } };

describe("the run's owner", () => {
  it("is alive only with the pid and its start time; a reused pid or a gone one is not the run", () => {
    const start = processStartTime(process.pid);
    expect(start).toBeGreaterThan(0);
    expect(ownerAlive({ pid: process.pid, pidStart: start })).toBe(true);
    expect(ownerAlive({ pid: process.pid, pidStart: start! + 1 })).toBe(false);
    expect(ownerAlive({ pid: 1 << 30, pidStart: 5 })).toBe(false);
  });
});

describe("recover touches only runs whose process is gone", () => {
  it("refuses a live run's journal named explicitly (exit 2), and skips it without one, writing nothing to it", async () => {
    await fleet.host("b").engine.pauseContainer("demo-far-0");
    const path = runJournal("demo-live", true, PAUSE_INTENT);
    const before = readFileSync(path, "utf8");

    const refused = await recover(path, options()).catch((error: { exitCode: number; message: string }) => error);
    expect(refused).toMatchObject({ exitCode: 2, message: `${path}: run demo-live is still in progress (pid ${process.pid})` });

    const results = await recover(undefined, options());
    expect(results).toEqual([{ journal: path, pending: 1, report: { done: [], failed: [] }, skipped: `run demo-live is still in progress (pid ${process.pid})`, left: [] }]);
    expect(readFileSync(path, "utf8")).toBe(before);
    expect(fleet.container("demo-far-0").paused).toBe(true);
  });

  it("closes a journal with nothing owed once, so the next recover does not list it", async () => {
    const path = runJournal("demo-steady", false, { type: "step", step: "steady" });
    const [first, ...more] = await recover(undefined, options());
    expect(more).toEqual([]);
    // The run never reached its end, so the removal it would have done there is owed: recover does it, once.
    expect(first).toMatchObject({ journal: path, pending: 0, report: { done: [], failed: [] }, teardown: { did: ["removed demo"] }, left: [] });
    expect(teardowns).toEqual(["demo"]);
    expect((await readJournal(path)).filter((e) => e.type === "run-end")).toHaveLength(1);
    expect(await recover(undefined, options())).toEqual([]);
    expect(await recover(path, options())).toEqual([]);
    expect((await readJournal(path)).filter((e) => e.type === "run-end")).toHaveLength(1);
    expect(teardowns).toEqual(["demo"]);
    expect(fleet.calls).toEqual([]);
  });

  it("leaves a --keep run's experiment up and says what is left", async () => {
    runJournal("demo-kept", "keep", { type: "step", step: "steady" });
    const [result] = await recover(undefined, options());
    expect(teardowns).toEqual([]);
    expect(result!.teardown).toBeUndefined();
  });

  it("a one-line garbage journal is an input error (exit 2) naming the file, named or found", async () => {
    const { journal: path, dir } = runPaths("demo-garbage");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path, "this is not a journal\n");
    for (const arg of [path, undefined]) {
      const error = await recover(arg, options()).catch((e: { exitCode: number; message: string }) => e);
      expect(error).toMatchObject({ exitCode: 2, message: `${path}: not a journal` });
    }
  });
});

describe("undos with nothing left to act on are moot, and said so", () => {
  it("an experiment taken down since (record gone): nothing is touched, the journal is closed", async () => {
    await fleet.host("a").daemon.stop();
    fleet.calls.length = 0;
    const path = runJournal("demo-gone", false, DAEMON_INTENT);
    const [result] = await recover(undefined, options({ experiment: async () => undefined }));
    expect(result!.report).toEqual({ done: [], failed: [], moot: [`experiment ${plan.experimentId} of demo has been taken down since; nothing of it to undo`] });
    expect(fleet.calls).toEqual([]);
    expect(fleet.host("a").state.daemonUp).toBe(false);
    expect((await readJournal(path)).at(-1)).toMatchObject({ type: "run-end", outcome: "recovered" });
  });

  it("a daemon stopped on purpose after the fault stays stopped; one stopped before the fault is started", async () => {
    await fleet.host("a").daemon.stop();
    const path = runJournal("demo-engine-down", false, DAEMON_INTENT);
    mkdirSync(join(home, "sandboxes", A), { recursive: true });
    await markStoppedOnPurpose(A, "rebound engine down");
    const [result] = await recover(path, options());
    expect(result!.report.done).toEqual([]);
    expect(result!.report.moot).toEqual([expect.stringMatching(new RegExp(`^sandbox ${A.replace(".", "\\.")} was stopped on purpose \\(rebound engine down, `))]);
    expect(fleet.host("a").state.daemonUp).toBe(false);

    // An engine down that predates the fault is not a reason: the fault stopped the daemon, so its undo starts it.
    await markStoppedOnPurpose(A, "rebound engine down", new Date(Date.now() - 60_000));
    const later = runJournal("demo-after-engine-down", false, DAEMON_INTENT);
    const [second] = await recover(later, options());
    expect(second!.report.done).toEqual([`started daemon ${A}`]);
    expect(fleet.host("a").state.daemonUp).toBe(true);
  });
});

describe("a start is done when the container runs for good", () => {
  it("waits out a stop still in its grace period (start answers 304 meanwhile), then starts and sees it run", async () => {
    let now = 0;
    const since = new Date(0).toISOString();
    const old = new Date(-5_000).toISOString();
    // dockerd is stopping the container: it runs (old start time) until t = 10 s, then exits.
    let state: Pick<ContainerState, "running" | "startedAt" | "status"> = { running: true, startedAt: old, status: "running" };
    const starts: number[] = [];
    const engine = {
      inspectContainer: async () => {
        if (now >= 10_000 && state.startedAt === old) state = { running: false, startedAt: old, status: "exited" };
        return { ...state } as ContainerState;
      },
      startContainer: async () => {
        starts.push(now);
        if (!state.running) state = { running: true, startedAt: new Date(now).toISOString(), status: "running" };
      },
    } as unknown as DockerEngine;

    const outcome = await startObserved(engine, "demo-sm-0", 10, { since, now: () => now, sleep: async (ms) => void (now += ms), settleMs: 30_000 });

    expect(outcome).toEqual({ what: "started demo-sm-0" });
    expect(starts).toHaveLength(1);
    expect(starts[0]).toBeGreaterThanOrEqual(10_000);
    expect(state.running).toBe(true);
  });

  it("a container that runs with its old start time once the grace period is over is done, without a start", async () => {
    let now = 20_000;
    const engine = {
      inspectContainer: async () => ({ running: true, startedAt: new Date(-5_000).toISOString(), status: "running" }) as ContainerState,
      startContainer: async () => expect.fail("no start for a running container"),
    } as unknown as DockerEngine;
    const outcome = await startObserved(engine, "demo-sm-0", 10, { since: new Date(0).toISOString(), now: () => now, sleep: async (ms) => void (now += ms) });
    expect(outcome.what).toMatch(/^demo-sm-0 runs \(started /);
  });
});
