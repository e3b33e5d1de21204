// The method on fake hosts: each fault journaled before it is injected, windows kept when one fails, Ctrl-C obeyed.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DockerEvent } from "../../src/docker/engine.js";
import type { FaultEnv } from "../../src/faults/fault-env.js";
import type { JournalEntry, StampedEntry } from "../../src/journal/entries.js";
import { Journal } from "../../src/journal/journal.js";
import { pendingUndo } from "../../src/journal/pending-undo.js";
import { faultSchema } from "../../src/profile/schema.js";
import { runMethod, type MethodObserver } from "../../src/run/method.js";
import { scheduleFaults } from "../../src/run/schedule.js";
import type { TimelineEvent } from "../../src/timeline/events.js";
import type { FaultWindow } from "../../src/timeline/facts.js";
import { ZERO_TIME } from "../support/fake-docker.js";
import { fakeFleet, TWO_HOSTS, type FakeFleet } from "../support/fake-fleet.js";

const plan = TWO_HOSTS;
const CLOCK = { runStartWallMs: 0, genesisMs: 0, layerMs: 1000, layersPerEpoch: 10 };
const schedule = (...faults: object[]) => scheduleFaults(faults.map((f) => faultSchema.parse(f)), CLOCK, 0, 1);

let dir: string;
let journal: Journal;
let fleet: FakeFleet;
let timeline: TimelineEvent[];
let steps: string[];
let observer: MethodObserver;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "rebound-method-"));
  journal = new Journal(join(dir, "journal.jsonl"));
  fleet = await fakeFleet(plan);
  timeline = [];
  steps = [];
  let t = 0;
  observer = { now: () => (t += 10), record: (event) => timeline.push(event) };
});

afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The run's journal; each write also goes into the fleet's call log, so the two orders can be compared. */
const loggedJournal = () => ({
  write(entry: JournalEntry) {
    const stamped = journal.write(entry);
    const id = entry.type === "fault-intent" ? entry.fault.id : "faultId" in entry ? entry.faultId : "";
    fleet.calls.push(`journal ${entry.type} ${id}`);
    return stamped;
  },
});
const lines = () => readFileSync(journal.path, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as StampedEntry);
const summary = (entries: StampedEntry[]) =>
  entries.map((e) => [e.type, e.type === "fault-intent" ? e.fault.id : "faultId" in e ? e.faultId : "", ...(e.type === "fault-failed" ? [e.error] : [])]);
const env = (signal = new AbortController().signal): FaultEnv => ({ hosts: fleet.byKey, members: plan.containers, seed: 1, signal, log: () => {} });
const step = (text: string) => steps.push(text);

describe("runMethod over fake hosts", () => {
  it("journals a kill's intent before the container dies and its injection after", async () => {
    const journalAtDeath: string[][] = [];
    const events: DockerEvent[] = [];
    const stopStream = new AbortController();
    const stream = fleet.host("a").engine.streamEvents((event) => {
      events.push(event);
      if (event.action === "die") journalAtDeath.push(lines().map((entry) => entry.type));
    }, stopStream.signal);
    const victim = fleet.container("demo-sm-0");
    const pidBefore = victim.pid;

    const windows = await runMethod(schedule({ fault: "kill", target: { name: "demo-sm-0" } }), env(), loggedJournal(), observer, step);
    stopStream.abort();
    await stream;

    expect(journalAtDeath).toEqual([["fault-intent"]]);
    expect(summary(lines())).toEqual([["fault-intent", "f1"], ["fault-injected", "f1"]]);
    expect(fleet.calls).toEqual([
      "a engine.streamEvents()",
      "journal fault-intent f1",
      "a engine.inspectContainer(demo-sm-0)",
      `a processes.signal(${pidBefore}, SIGKILL)`,
      "journal fault-injected f1",
    ]);
    // Killed from the host, the process exits 137 and Docker's policy (unless-stopped) starts it again at once.
    expect(events.map((e) => [e.container, e.action, e.exitCode])).toEqual([
      ["demo-sm-0", "die", 137],
      ["demo-sm-0", "start", undefined],
    ]);
    expect(victim).toMatchObject({ running: true, restartCount: 1, stoppedByUser: false });
    expect(victim.pid).not.toBe(pidBefore);
    expect(steps).toEqual(["f1 kill -> demo-sm-0"]);
    expect(windows).toEqual([{ id: "f1", kind: "kill", beginT: expect.any(Number), endT: expect.any(Number), affected: ["demo-sm-0"], hosts: ["a"] }]);
    expect(windows[0]!.endT).toBeGreaterThan(windows[0]!.beginT);
  });

  it("marks every member of a restarted daemon's host affected and records the fault's begin and end", async () => {
    const pidsBefore = ["demo-sm-0", "demo-sm-1"].map((name) => fleet.container(name).pid);

    const windows = await runMethod(schedule({ fault: "daemon-restart", target: { host: "a" } }), env(), loggedJournal(), observer, step);

    expect(windows).toMatchObject([{ id: "f1", kind: "daemon-restart", affected: ["demo-sm-0", "demo-sm-1"], hosts: ["a"] }]);
    expect(timeline.map((e) => e.kind === "fault" && [e.phase, e.id, e.targets, e.hosts, e.t])).toEqual([
      ["begin", "f1", ["demo-sm-0", "demo-sm-1"], ["a"], windows[0]!.beginT],
      ["end", "f1", ["demo-sm-0", "demo-sm-1"], ["a"], windows[0]!.endT],
    ]);
    expect(fleet.calls).toEqual(["journal fault-intent f1", "a daemon.stop()", "a daemon.start()", "journal fault-injected f1", "journal undo-done f1"]);
    const entries = lines();
    expect(entries[0]).toMatchObject({ type: "fault-intent", fault: { targets: [{ host: "a" }], undo: [{ kind: "start-daemon", sandbox: "demo.a" }] } });
    expect(summary(entries)).toEqual([["fault-intent", "f1"], ["fault-injected", "f1"], ["undo-done", "f1"]]);
    expect(pendingUndo(entries)).toEqual([]);
    // The daemon stopped them (exit 0, not by the user), and its start brought them back under unless-stopped.
    for (const [i, name] of ["demo-sm-0", "demo-sm-1"].entries()) {
      const container = fleet.container(name);
      expect(container).toMatchObject({ running: true, exitCode: 0, restartCount: 0, stoppedByUser: false });
      expect(container.finishedAt).not.toBe(ZERO_TIME);
      expect(container.pid).not.toBe(pidsBefore[i]);
    }
    expect(fleet.container("demo-far-0").finishedAt).toBe(ZERO_TIME);
  });

  it("writes fault-failed for a fault that throws, keeps the windows so far, and rethrows", async () => {
    await fleet.host("b").engine.stopContainer("demo-far-0", 10);
    fleet.calls.length = 0;
    const windows: FaultWindow[] = [];

    const method = schedule({ fault: "kill", target: { name: "demo-sm-0" } }, { fault: "kill", target: { name: "demo-far-0" } });
    await expect(runMethod(method, env(), loggedJournal(), observer, step, windows)).rejects.toThrow("kill: demo-far-0 is not running");

    expect(summary(lines())).toEqual([
      ["fault-intent", "f1"],
      ["fault-injected", "f1"],
      ["fault-intent", "f2"],
      ["fault-failed", "f2", "kill: demo-far-0 is not running"],
    ]);
    expect(windows.map((w) => [w.id, w.affected, w.error])).toEqual([
      ["f1", ["demo-sm-0"], undefined],
      ["f2", ["demo-far-0"], "kill: demo-far-0 is not running"],
    ]);
    expect(windows[1]!.endT).toBeGreaterThan(windows[1]!.beginT);
    expect(timeline.at(-1)).toMatchObject({ kind: "fault", id: "f2", phase: "failed", error: "kill: demo-far-0 is not running" });
    expect(fleet.calls.filter((call) => call.startsWith("b "))).toEqual(["b engine.inspectContainer(demo-far-0)"]);
  });

  it("fails a fault whose target selects nothing before anything of it is journaled", async () => {
    const method = schedule({ fault: "kill", target: { name: "demo-sm-0" } }, { fault: "stop", target: { group: "nobody" } });
    await expect(runMethod(method, env(), loggedJournal(), observer, step)).rejects.toThrow("fault stop: target (group=nobody) selects no container");
    expect(summary(lines())).toEqual([["fault-intent", "f1"], ["fault-injected", "f1"]]);
    expect(steps).toEqual(["f1 kill -> demo-sm-0"]);
  });

  it.each([
    ["due later", 5],
    ["already due", 0],
  ])("stops before the next fault once the signal is aborted (%s)", async (_when, after) => {
    const controller = new AbortController();
    const method = schedule({ fault: "kill", target: { name: "demo-sm-0" } }, { fault: "kill", target: { name: "demo-sm-1" }, at: { after } });
    const spared = fleet.container("demo-sm-1");
    const pid = spared.pid;
    const abortOnFirst = (text: string) => {
      step(text);
      controller.abort();
    };

    await expect(runMethod(method, env(controller.signal), loggedJournal(), observer, abortOnFirst)).rejects.toMatchObject({ kind: "interrupted" });

    expect(steps).toEqual(["f1 kill -> demo-sm-0"]);
    expect(summary(lines())).toEqual([["fault-intent", "f1"], ["fault-injected", "f1"]]);
    expect(fleet.calls.some((call) => call.includes("demo-sm-1") || call.includes(`(${pid},`))).toBe(false);
    expect(spared).toMatchObject({ running: true, pid, restartCount: 0 });
  });
});
