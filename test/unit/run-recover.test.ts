// recover over journals cut off at each point: what is still owed, and the fake hosts healed afterwards.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { FaultEnv } from "../../src/faults/fault-env.js";
import { INJECTORS } from "../../src/faults/injectors.js";
import type { FleetHost, HostResolver } from "../../src/fleet/hosts.js";
import type { FaultRecord } from "../../src/journal/entries.js";
import { Journal, readJournal } from "../../src/journal/journal.js";
import { pendingUndo, type PendingUndo } from "../../src/journal/pending-undo.js";
import type { ExperimentRecord } from "../../src/experiment/record.js";
import { faultSchema } from "../../src/profile/schema.js";
import { runMethod } from "../../src/run/method.js";
import { recover as recoverRun } from "../../src/run/recover.js";
import { rollback } from "../../src/run/rollback.js";
import { scheduleFaults } from "../../src/run/schedule.js";
import { fakeFleet, TWO_HOSTS, type FakeFleet } from "../support/fake-fleet.js";

const plan = TWO_HOSTS;
const A = plan.hosts.find((h) => h.key === "a")!.sandbox.name;
const B = plan.hosts.find((h) => h.key === "b")!.sandbox.name;

let dir: string;
let journal: Journal;
let fleet: FakeFleet;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "rebound-recover-"));
  journal = new Journal(join(dir, "journal.jsonl"));
  fleet = await fakeFleet(plan);
  // This process's pid with another start time: the pid of a run that is gone, handed to a new process since.
  journal.write({ type: "run-start", runId: "r1", profile: "demo", profilePath: "demo.yaml", seed: 1, pid: process.pid, pidStart: -1 });
  journal.write({ type: "experiment", experimentId: plan.experimentId, sandboxes: plan.hosts.map((h) => h.sandbox.name), bridgeName: "rbtest" });
});

afterEach(() => {
  journal.close();
  rmSync(dir, { recursive: true, force: true });
});

const env = (): FaultEnv => ({ hosts: fleet.byKey, members: plan.containers, seed: 1, signal: new AbortController().signal, log: () => {} });

/** The record a fault's injector journals first, as the method would write it. */
async function intentOf(fault: object, id = "f1"): Promise<FaultRecord> {
  const spec = faultSchema.parse(fault);
  const { record } = await INJECTORS[spec.fault](spec, id, env());
  journal.write({ type: "fault-intent", fault: record });
  return record;
}

/** `rebound recover JOURNAL` (src/run/recover.ts) with the fake hosts in place of the sandbox resolver. */
async function recover(resolve: HostResolver = fleet.resolve) {
  const owed = pendingUndo(await readJournal(journal.path));
  let checked = 0;
  const experiment = async () => ({ record: {} as ExperimentRecord, hosts: fleet.hosts });
  // The removal the run would have done at its end is src/run/journaled-teardown.ts's; here it is only counted.
  const [result] = await recoverRun(journal.path, { resolve, log: () => {}, beforeUndo: () => void checked++, experiment, finishTeardown: async () => ["removed"] });
  expect(result!.pending).toBe(owed.length);
  // What recovering needs (root) is checked once: the run never ended, so its teardown is owed too.
  expect(checked).toBe(1);
  expect(result!.teardown).toEqual({ did: ["removed"] });
  const last = (await readJournal(journal.path)).at(-1);
  // Settled either way: the journal is closed, owed or not, so later recovers leave it alone.
  expect(last).toMatchObject({ type: "run-end", outcome: result!.report.failed.length === 0 ? "recovered" : "recover-incomplete" });
  return { owed, report: result!.report };
}

/** Every daemon answers; every container runs, unpaused. */
function expectHealed(): void {
  expect(fleet.hosts.map((h) => [h.key, h.state.daemonUp])).toEqual([["a", true], ["b", true]]);
  const containers = fleet.hosts.flatMap((h) => [...h.state.containers.values()]);
  expect(containers.map((c) => [c.spec.name, c.running, c.paused])).toEqual(plan.containers.map((m) => [m.spec.name, true, false]));
}

describe("recover: what a cut-off journal owes, and undoing it on fake hosts", () => {
  it("after only the fault's intent, owes the fault's undo and restarts the daemon", async () => {
    await intentOf({ fault: "daemon-restart", target: { host: "a" } });
    await fleet.host("a").daemon.stop(); // the fault got this far

    const { owed, report } = await recover();

    expect(owed).toEqual([{ faultId: "f1", action: { kind: "start-daemon", sandbox: A }, since: expect.any(String) }]);
    expect(report).toEqual({ done: [`started daemon ${A}`], failed: [] });
    expectHealed();
    expect(pendingUndo(await readJournal(journal.path))).toEqual([]);
  });

  it("after an undo-intent without its undo-done, owes that action again and no finished one", async () => {
    const record = await intentOf({ fault: "stop", target: { group: "sm" } });
    for (const name of ["demo-sm-0", "demo-sm-1"]) await fleet.host("a").engine.stopContainer(name, 10);
    journal.write({ type: "fault-failed", faultId: "f1", error: "interrupted: rolled back and exiting" });
    // The run's own rollback (last action first) finished demo-sm-1 and was cut off before starting demo-sm-0.
    const [sm0, sm1] = record.undo;
    journal.write({ type: "undo-intent", faultId: "f1", action: sm1! });
    await fleet.host("a").engine.startContainer("demo-sm-1");
    journal.write({ type: "undo-done", faultId: "f1", action: sm1! });
    journal.write({ type: "undo-intent", faultId: "f1", action: sm0! });

    const { owed, report } = await recover();

    expect(record.undo.map((a) => a.kind === "start-container" && a.container)).toEqual(["demo-sm-0", "demo-sm-1"]);
    expect(owed).toEqual([{ faultId: "f1", action: { kind: "start-container", sandbox: A, container: "demo-sm-0", graceSeconds: 10 }, since: expect.any(String) }]);
    expect(report).toEqual({ done: ["started demo-sm-0"], failed: [] });
    expectHealed();
    expect(pendingUndo(await readJournal(journal.path))).toEqual([]);
  });

  it("after an undo that failed, owes it again and does it", async () => {
    await intentOf({ fault: "pause", target: { name: "demo-far-0" } });
    await fleet.host("b").engine.pauseContainer("demo-far-0");
    // The run's rollback met a daemon that would not start: its undo-done carries the error.
    const broken: HostResolver = async (name) => {
      const host = await fleet.resolve(name);
      return host && ({ ...host, daemon: { ...host.daemon, start: () => Promise.reject(new Error("dockerd did not answer")) } } as FleetHost);
    };
    const first = await rollback(await readJournal(journal.path), journal, broken, () => {});
    expect(first.failed).toEqual(["unpause-container demo-far-0: dockerd did not answer"]);
    expect(fleet.container("demo-far-0").paused).toBe(true);

    const { owed, report } = await recover();

    const expected: PendingUndo[] = [{ faultId: "f1", action: { kind: "unpause-container", sandbox: B, container: "demo-far-0" }, since: expect.any(String) }];
    expect(owed).toEqual(expected);
    expect(report).toEqual({ done: ["unpaused demo-far-0"], failed: [] });
    expectHealed();
    expect(pendingUndo(await readJournal(journal.path))).toEqual([]);
  });

  it("owes nothing for a fault the method ended itself, and then touches no host", async () => {
    const method = scheduleFaults([faultSchema.parse({ fault: "pause", target: { name: "demo-far-0" }, duration: 0 })], { runStartWallMs: 0, genesisMs: 0, layerMs: 1000, layersPerEpoch: 10 }, 0, 1);
    let t = 0;
    await runMethod(method, env(), journal, { now: () => (t += 1), record: () => {} }, () => {});
    expect((await readJournal(journal.path)).map((e) => e.type)).toEqual(["run-start", "experiment", "fault-intent", "fault-injected", "undo-done"]);
    fleet.calls.length = 0;

    const { owed, report } = await recover();

    expect(owed).toEqual([]);
    expect(report).toEqual({ done: [], failed: [] });
    expect(fleet.calls).toEqual([]);
    expectHealed();
  });
});
