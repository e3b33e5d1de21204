// Rollback on fake hosts: what a journal owes is undone once, journaled, and failures are kept for recover.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FaultRecord, StampedEntry, UndoAction } from "../../src/journal/entries.js";
import { Journal, readJournal } from "../../src/journal/journal.js";
import { pendingUndo } from "../../src/journal/pending-undo.js";
import { rollback } from "../../src/run/rollback.js";
import { fakeFleet, planOf, type FakeFleet } from "../support/fake-fleet.js";

const plan = planOf(`
name: demo
hosts: { a: {}, b: {} }
smeshers:
  - { group: sm, count: 1, units: 10, host: a }
  - { group: far, count: 2, units: 10, host: b }
`);

const A = plan.hosts.find((h) => h.key === "a")!.sandbox.name;
const B = plan.hosts.find((h) => h.key === "b")!.sandbox.name;
const START_DAEMON: UndoAction = { kind: "start-daemon", sandbox: A };
const START_FAR_0: UndoAction = { kind: "start-container", sandbox: B, container: "demo-far-0" };
const UNPAUSE_FAR_1: UndoAction = { kind: "unpause-container", sandbox: B, container: "demo-far-1" };
/** The calls that change something; an undo also reads (inspect, status) to observe that it is done. */
const changes = (calls: string[]) => calls.filter((call) => /daemon\.start|startContainer|unpauseContainer/.test(call));

let dir: string;
let journal: Journal;
let fleet: FakeFleet;
let logged: string[];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "rebound-rollback-"));
  journal = new Journal(join(dir, "journal.jsonl"));
  fleet = await fakeFleet(plan);
  logged = [];
});

afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const log = (line: string) => logged.push(line);
const intent = (id: string, kind: string, undo: UndoAction[]): FaultRecord => ({ id, kind, targets: [], undo });
const undoLines = (entries: StampedEntry[]) =>
  entries.flatMap((e) => (e.type === "undo-intent" || e.type === "undo-done" ? [[e.type, e.faultId, e.action.kind, e.type === "undo-done" ? e.error : undefined]] : []));

/** What a run cut off mid-fault leaves: daemon a stopped, demo-far-0 stopped by the user, demo-far-1 paused. */
async function breakFleet(): Promise<void> {
  await fleet.host("b").engine.stopContainer("demo-far-0", 10);
  await fleet.host("b").engine.pauseContainer("demo-far-1");
  await fleet.host("a").daemon.stop();
  fleet.calls.length = 0;
}

describe("rollback over fake hosts", () => {
  it("starts the daemon, starts the container, unpauses, journals each undo, and owes nothing afterwards", async () => {
    await breakFleet();
    journal.write({ type: "fault-intent", fault: intent("f1", "synthetic", [START_DAEMON, START_FAR_0, UNPAUSE_FAR_1]) });

    const report = await rollback(await readJournal(journal.path), journal, fleet.resolve, log);

    expect(report.failed).toEqual([]);
    expect([...report.done].sort()).toEqual([`started daemon ${A}`, "started demo-far-0", "unpaused demo-far-1"]);
    expect(logged.filter((line) => line.startsWith("rolled back: ")).length).toBe(3);
    expect(fleet.host("a").state.daemonUp).toBe(true);
    expect(fleet.container("demo-sm-0")).toMatchObject({ running: true, paused: false });
    expect(fleet.container("demo-far-0")).toMatchObject({ running: true, stoppedByUser: false });
    expect(fleet.container("demo-far-1")).toMatchObject({ running: true, paused: false });
    // Each action: its intent, then its done, with nothing in between.
    const after = await readJournal(journal.path);
    const pairs = undoLines(after);
    expect(pairs).toHaveLength(6);
    for (let i = 0; i < pairs.length; i += 2) {
      expect(pairs[i]).toEqual(["undo-intent", "f1", pairs[i]![2], undefined]);
      expect(pairs[i + 1]).toEqual(["undo-done", "f1", pairs[i]![2], undefined]);
    }
    expect(pairs.filter((p) => p[0] === "undo-done").map((p) => p[2]).sort()).toEqual(["start-container", "start-daemon", "unpause-container"]);
    // Every action makes sure of its daemon first.
    expect(changes(fleet.calls).sort()).toEqual([
      "a daemon.start()",
      "b daemon.start()",
      "b daemon.start()",
      "b engine.startContainer(demo-far-0)",
      "b engine.unpauseContainer(demo-far-1)",
    ]);
    const changed = changes(fleet.calls);
    for (const call of changed.filter((c) => c.includes("engine."))) expect(changed[changed.indexOf(call) - 1]).toBe("b daemon.start()");

    expect(pendingUndo(after)).toEqual([]);
    fleet.calls.length = 0;
    const again = await rollback(after, journal, fleet.resolve, log);
    expect(again).toEqual({ done: [], failed: [] });
    expect(fleet.calls).toEqual([]);
    expect(undoLines(await readJournal(journal.path))).toHaveLength(6);
  });

  it("undoes the last fault first, and repeating the whole undo on a healed fleet changes nothing", async () => {
    await breakFleet();
    journal.write({ type: "fault-intent", fault: intent("f1", "daemon-restart", [START_DAEMON]) });
    journal.write({ type: "fault-intent", fault: intent("f2", "stop", [START_FAR_0]) });
    journal.write({ type: "fault-intent", fault: intent("f3", "pause", [UNPAUSE_FAR_1]) });
    const cutOff = await readJournal(journal.path);

    const report = await rollback(cutOff, journal, fleet.resolve, log);
    expect(report.done).toEqual(["unpaused demo-far-1", "started demo-far-0", `started daemon ${A}`]);
    expect(changes(fleet.calls)).toEqual([
      "b daemon.start()",
      "b engine.unpauseContainer(demo-far-1)",
      "b daemon.start()",
      "b engine.startContainer(demo-far-0)",
      "a daemon.start()",
    ]);

    const healed = ["demo-sm-0", "demo-far-0", "demo-far-1"].map((name) => ({ ...fleet.container(name) }));
    fleet.calls.length = 0;
    const twice = await rollback(cutOff, journal, fleet.resolve, log);
    // Done again, by observation: nothing was paused or stopped, so nothing was unpaused or started.
    expect(twice.failed).toEqual([]);
    expect(twice.done).toEqual(["demo-far-1 is not paused", expect.stringMatching(/^demo-far-0 runs \(started /), `started daemon ${A}`]);
    expect(changes(fleet.calls)).toEqual(["b daemon.start()", "b daemon.start()", "a daemon.start()"]);
    expect(["demo-sm-0", "demo-far-0", "demo-far-1"].map((name) => ({ ...fleet.container(name) }))).toEqual(healed);
  });

  it("reports a sandbox the resolver no longer knows as moot, not as an error, and journals why", async () => {
    journal.write({ type: "fault-intent", fault: intent("f1", "daemon-restart", [{ kind: "start-daemon", sandbox: "demo-gone" }]) });

    const report = await rollback(await readJournal(journal.path), journal, fleet.resolve, log);

    expect(report).toEqual({ done: [], moot: ["sandbox demo-gone no longer exists; nothing to undo"], failed: [] });
    const after = await readJournal(journal.path);
    expect(undoLines(after)).toEqual([
      ["undo-intent", "f1", "start-daemon", undefined],
      ["undo-done", "f1", "start-daemon", undefined],
    ]);
    expect(after.at(-1)).toMatchObject({ type: "undo-done", moot: "sandbox demo-gone no longer exists; nothing to undo" });
    expect(pendingUndo(after)).toEqual([]);
    expect(fleet.calls).toEqual([]);
  });

  it("puts an undo that throws in failed and its error in undo-done, so recover owes it still", async () => {
    await fleet.host("b").engine.removeContainer("demo-far-0");
    await fleet.host("b").engine.pauseContainer("demo-far-1");
    const missing: UndoAction = { ...START_FAR_0 };
    journal.write({ type: "fault-intent", fault: intent("f1", "recreate", [missing, UNPAUSE_FAR_1]) });

    const report = await rollback(await readJournal(journal.path), journal, fleet.resolve, log);

    expect(report.done).toEqual(["unpaused demo-far-1"]);
    const lost = "demo-far-0 no longer exists (removed mid-recreate, or by hand): `rebound up` of its profile creates it again";
    expect(report.failed).toEqual([`start-container demo-far-0: ${lost}`]);
    expect(logged).toContain(`could not roll back start-container: ${lost}`);
    const after = await readJournal(journal.path);
    expect(undoLines(after)).toEqual([
      ["undo-intent", "f1", "unpause-container", undefined],
      ["undo-done", "f1", "unpause-container", undefined],
      ["undo-intent", "f1", "start-container", undefined],
      ["undo-done", "f1", "start-container", lost],
    ]);
    expect(pendingUndo(after)).toEqual([{ faultId: "f1", action: missing, since: expect.any(String) }]);
  });
});
