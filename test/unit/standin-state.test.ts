// The data directory (atomic writes, reload, wipe) and what each process start makes of the files it finds there.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MODEL_DEFAULTS } from "../../src/standins/model/params.js";
import { PoetServer } from "../../src/standins/model/poet-server.js";
import { SmesherNode } from "../../src/standins/model/smesher-node.js";
import { smesherStatus } from "../../src/standins/model/smesher-status.js";
import type { Env } from "../../src/standins/model/transport.js";
import { fileDisk, KEY_FILE, POST_MARKER, STATE_FILE } from "../../src/standins/state.js";
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

  it("with flushes deferred, a write is in place at once and its flush later reports nothing for a file removed since", async () => {
    const store = new Store(dir);
    const errors: string[] = [];
    store.deferFlushes(true, (e) => errors.push(e));
    store.writeJson("s.json", { a: 1 });
    store.writeJson("t.json", { b: 1 });
    expect(new Store(dir).readJson("s.json")).toEqual({ value: { a: 1 } });
    store.remove("t.json");
    store.writeJson("s.json", { a: 2 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    store.deferFlushes(false);
    store.writeJson("s.json", { a: 3 });
    expect(new Store(dir).readJson("s.json")).toEqual({ value: { a: 3 } });
    expect(fs.readdirSync(dir).sort()).toEqual(["s.json"]);
    expect(errors).toEqual([]);
  });

  it("turning deferral off while a background flush runs flushes its files too, and reports nothing", async () => {
    const store = new Store(dir);
    const errors: string[] = [];
    store.deferFlushes(true, (e) => errors.push(e));
    store.writeJson("s.json", { a: 1 });
    store.deferFlushes(false, (e) => errors.push(e)); // the background pass has taken s.json and not finished
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(new Store(dir).readJson("s.json")).toEqual({ value: { a: 1 } });
    expect(errors).toEqual([]);
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

  it("reports an absent document as empty and a corrupt one as corrupt, left in place", () => {
    const store = new Store(dir);
    expect(store.readJson("none.json")).toEqual({});
    fs.writeFileSync(path.join(dir, "s.json"), "{half");
    expect(store.readJson("s.json").corrupt).toMatch(/^s\.json: /);
    expect(store.readJson("s.json").corrupt).toMatch(/^s\.json: /);
    expect(fs.readFileSync(path.join(dir, "s.json"), "utf8")).toBe("{half");
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

describe("start bookkeeping on a real data directory", () => {
  const clock = { genesisMs: 0, layerMs: 1000, layersPerEpoch: 10 };
  const params = { ...MODEL_DEFAULTS, clock, postInitLayers: 0 };
  let n = 0;
  let nowMs = 50_000;
  const events: string[] = [];
  const env = (): Env => ({
    now: () => nowMs,
    transport: { request: () => Promise.resolve(undefined) },
    disk: fileDisk(new Store(dir)),
    log: (event) => void events.push(event),
    newKey: () => `key${++n}`,
  });
  const smesher = (id = "s1", units = 4) => new SmesherNode({ params, id, units, peers: [], poets: [], genesis: [{ id, units }] }, env());
  const read = (name: string) => JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));

  it("creates an identity in its own file on the first start and keeps it, and the weight, on the next", () => {
    const first = smesher();
    first.tick(); // PoST initialisation of 0 layers completes at the first layer
    expect(first.stop()).toBe(true);
    expect(read(KEY_FILE)).toEqual({ id: "s1", key: first.doc.identity.key, createdAt: new Date(50_000).toISOString() });
    expect(read(POST_MARKER)).toMatchObject({ id: "s1", key: first.doc.identity.key });
    expect(read(STATE_FILE)).toMatchObject({ version: 2, role: "smesher", starts: 1, units: 4, postInits: 1, lastLayer: 50 });

    nowMs = 60_000;
    const second = smesher("s1", 9);
    expect(second.doc).toMatchObject({ starts: 2, units: 4, postInits: 1, lastLayer: 50, resumedFromLayer: 50, identityChanges: 0 });
    expect(second.doc.identity).toEqual(first.doc.identity);
    expect(second.initialising).toBe(false);
  });

  it("counts a lost key file as a lost identity, and PoST for the new key as a second initialisation", () => {
    smesher().stop();
    fs.rmSync(path.join(dir, KEY_FILE));
    const again = smesher();
    expect(again.doc).toMatchObject({ identityChanges: 1, postInits: 2, starts: 2 });
    expect(events).toContain("identity-lost");
  });

  it("reports a data directory that belongs to another name", () => {
    smesher("s9").stop();
    const status = smesherStatus(smesher("s1"), nowMs);
    expect(status.identityMismatch).toEqual({ persisted: "s9", configured: "s1" });
  });

  it("keeps a PoET's key and rounds across starts", () => {
    nowMs = 50_000; // layer 50: round 6 (starting at layer 55) takes registrations
    const first = new PoetServer(params, "p1", env());
    expect(first.handle("/register", { id: "s1", key: "k", round: 6 }).status).toBe(200);
    first.stop();
    const second = new PoetServer(params, "p1", env());
    expect(second.doc).toMatchObject({ starts: 2, identity: first.doc.identity, rounds: { "6": { state: "open", registrations: [{ id: "s1", key: "k" }] } } });
  });
});
