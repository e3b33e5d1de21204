// The data directory store (atomic writes, reload, wipe) and the bookkeeping each process start applies.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StandinConfig } from "../../src/standins/config.js";
import { postInitNeeded, pushBounded, startPoetState, startSmesherState } from "../../src/standins/state.js";
import { Store } from "../../src/standins/store.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "standin-state-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Store", () => {
  it("writes, reloads and replaces a document without leaving temp files", () => {
    const store = new Store(dir);
    store.writeJson("s.json", { a: 1 });
    store.writeJson("s.json", { a: 2, b: [1, 2] });
    expect(new Store(dir).readJson("s.json")).toEqual({ value: { a: 2, b: [1, 2] } });
    expect(fs.readdirSync(dir)).toEqual(["s.json"]);
  });

  it("keeps the previous version when a write fails", () => {
    const store = new Store(dir);
    store.writeJson("s.json", { a: 1 });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => store.writeJson("s.json", circular)).toThrow();
    expect(store.readJson("s.json")).toEqual({ value: { a: 1 } });
    expect(fs.readdirSync(dir)).toEqual(["s.json"]);
  });

  it("reports an absent document as empty and moves a corrupt one aside", () => {
    const store = new Store(dir);
    expect(store.readJson("none.json")).toEqual({});
    fs.writeFileSync(path.join(dir, "s.json"), "{half");
    expect(store.readJson("s.json").corrupt).toMatch(/^s\.json: /);
    expect(store.readJson("s.json")).toEqual({});
    expect(fs.existsSync(path.join(dir, "s.json.corrupt"))).toBe(true);
  });

  it("wipes the contents but keeps the directory, which may be a mount point", () => {
    const store = new Store(path.join(dir, "data"));
    store.writeJson("s.json", {});
    fs.mkdirSync(path.join(store.dir, "sub"));
    expect(store.wipe()).toBe(2);
    expect(fs.readdirSync(store.dir)).toEqual([]);
    expect(store.exists("s.json")).toBe(false);
  });
});

describe("start bookkeeping", () => {
  const config = { id: "s1", units: 4 } as StandinConfig;
  let n = 0;
  const key = () => `key${++n}`;

  it("creates an identity on the first start and keeps it on the next", () => {
    const first = startSmesherState(undefined, config, 1_000, key);
    expect(first.state).toMatchObject({ starts: 1, units: 4, postInits: 0, lastLayer: -1, verifiedLayer: -1 });
    expect(first.state.identity).toEqual({ id: "s1", key: first.state.identity.key, createdAt: new Date(1_000).toISOString() });
    expect(first.events.map(([e]) => e)).toEqual(["identity-created", "start"]);

    const persisted = JSON.parse(JSON.stringify({ ...first.state, lastLayer: 17, postInits: 1 }));
    const second = startSmesherState(persisted, { ...config, units: 9 }, 5_000, key);
    expect(second.state).toMatchObject({ starts: 2, units: 4, postInits: 1, lastLayer: 17, resumedFromLayer: 17 });
    expect(second.state.identity).toEqual(first.state.identity);
    expect(second.state.startedAt).toBe(new Date(5_000).toISOString());
    expect(second.events.map(([e]) => e)).toEqual(["start"]);
  });

  it("records a data directory that belongs to another name", () => {
    const other = startSmesherState(undefined, { ...config, id: "s9" }, 1_000, key).state;
    const { state, events } = startSmesherState(other, config, 2_000, key);
    expect(state.identityMismatch).toEqual({ persisted: "s9", configured: "s1", at: new Date(2_000).toISOString() });
    expect(state.identity.key).toBe(other.identity.key);
    expect(events.map(([e]) => e)).toContain("identity-mismatch");
  });

  it("counts PoET starts and keeps its rounds", () => {
    const first = startPoetState(undefined, { ...config, id: "p1" }, 1_000, key).state;
    first.rounds["3"] = { state: "open", registrations: ["s1"] };
    const second = startPoetState(first, { ...config, id: "p1" }, 2_000, key).state;
    expect(second).toMatchObject({ starts: 2, rounds: { "3": { state: "open", registrations: ["s1"] } } });
    expect(second.identity.key).toBe(first.identity.key);
  });

  it("needs PoST initialisation without a marker or with another identity's marker", () => {
    const identity = { id: "s1", key: "k1", createdAt: "" };
    expect(postInitNeeded(undefined, identity)).toBe(true);
    expect(postInitNeeded({ id: "s1", key: "k0", at: "" }, identity)).toBe(true);
    expect(postInitNeeded({ id: "s1", key: "k1", at: "" }, identity)).toBe(false);
  });

  it("bounds the history", () => {
    expect(pushBounded([1, 2, 3], 4, 3)).toEqual([2, 3, 4]);
  });
});
