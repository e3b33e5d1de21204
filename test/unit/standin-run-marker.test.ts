// How a stand-in knows how its last run ended: the marker's meaning, and its round trip through a real data directory.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { beginRun, exitRecorder, lastExitOf, RUN_MARKER } from "../../src/standins/run-marker.js";
import { Store } from "../../src/standins/store.js";

describe("what a start makes of the previous run's marker", () => {
  it.each([
    ["no marker: the first start on this data directory", undefined, { kind: "first" }],
    ["still running: the previous run never recorded its end", { state: "running", at: "t0" }, { kind: "killed" }],
    ["an exit record", { state: "exited", code: 0, reason: "SIGTERM", at: "t1" }, { kind: "clean", code: 0, reason: "SIGTERM", at: "t1" }],
    ["an exit whose persist failed", { state: "exited", code: 1, reason: "SIGINT", at: "t1" }, { kind: "clean", code: 1, reason: "SIGINT", at: "t1" }],
    ["an exit record without a code", { state: "exited", at: "t1" }, { kind: "killed" }],
    ["something that is no marker (unreadable)", null, { kind: "killed" }],
  ])("%s", (_name, marker, expected) => {
    expect(lastExitOf(marker)).toEqual(expected);
  });
});

describe("the marker in a data directory", () => {
  let dir: string;
  const logged: string[] = [];
  const log = (event: string) => void logged.push(event);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-run-marker-"));
    logged.length = 0;
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const start = (wipe = false) => beginRun(new Store(dir), wipe, 1_000, log);
  const marker = () => JSON.parse(fs.readFileSync(path.join(dir, RUN_MARKER), "utf8"));

  it("reads first, then clean with the recorded code, then killed after a run that recorded nothing", () => {
    expect(start()).toEqual({ lastExit: { kind: "first" } });
    expect(marker()).toEqual({ state: "running", at: new Date(1_000).toISOString() });
    const record = exitRecorder(new Store(dir), () => 2_000, log);
    record(0, "SIGTERM");
    record(1, "error"); // process "exit" after the clean stop: the first record stands
    expect(start().lastExit).toEqual({ kind: "clean", code: 0, reason: "SIGTERM", at: new Date(2_000).toISOString() });
    expect(start().lastExit).toEqual({ kind: "killed" }); // the run just begun was never recorded as ended
    expect(logged).toEqual([]);
  });

  it("keeps the fact across the wipe resume: false asks for, and marks the new run", () => {
    start();
    exitRecorder(new Store(dir), () => 2_000, log)(0, "SIGTERM");
    fs.writeFileSync(path.join(dir, "state.json"), "{}");
    const again = start(true);
    expect(again).toEqual({ lastExit: { kind: "clean", code: 0, reason: "SIGTERM", at: new Date(2_000).toISOString() }, wiped: 2 });
    expect(fs.readdirSync(dir)).toEqual([RUN_MARKER]);
    expect(marker().state).toBe("running");
  });

  it("counts an unreadable marker as a run that did not record its end", () => {
    fs.writeFileSync(path.join(dir, RUN_MARKER), "{half");
    expect(start().lastExit).toEqual({ kind: "killed" });
    expect(marker().state).toBe("running");
  });

  it("leaves no stale exit record behind when it cannot mark the run as running", () => {
    start();
    exitRecorder(new Store(dir), () => 2_000, log)(0, "SIGTERM");
    const store = new Store(dir);
    store.writeJson = () => {
      throw new Error("disk full");
    };
    expect(beginRun(store, false, 3_000, log).lastExit.kind).toBe("clean");
    expect(logged).toEqual(["run-marker-failed"]);
    expect(fs.existsSync(path.join(dir, RUN_MARKER))).toBe(false); // the next start says first, not a false clean
  });
});
