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

  it("with background writes on, a write returns before the disk is touched, and the newest of a burst wins", async () => {
    const store = new Store(dir);
    const errors: string[] = [];
    store.startBackgroundWrites((e) => errors.push(e));
    const done: (string | null)[] = [];
    const landed = new Promise<void>((resolve) => {
      store.writeJsonInBackground("s.json", { a: 1 }, (e) => done.push(e));
      store.writeJsonInBackground("s.json", { a: 2 }, (e) => done.push(e));
      store.writeJsonInBackground("s.json", { a: 3 }, (e) => (done.push(e), resolve()));
    });
    expect(fs.existsSync(path.join(dir, "s.json"))).toBe(false); // nothing waited for the disk
    await landed;
    expect(done).toEqual([null, null, null]);
    expect(new Store(dir).readJson("s.json")).toEqual({ value: { a: 3 } });
    expect(fs.readdirSync(dir)).toEqual(["s.json"]);
    expect(errors).toEqual([]);
  });

  it("stopping background writes lands the writes under way, then the queued ones, newest last, and writes at once after", async () => {
    const store = new Store(dir);
    store.startBackgroundWrites(() => {});
    const order: string[] = [];
    store.writeJsonInBackground("s.json", { a: 1 }, () => order.push("a1"));
    store.writeJsonInBackground("t.json", { b: 1 }, () => order.push("b1"));
    const stopping = store.stopBackgroundWrites();
    store.writeJsonInBackground("s.json", { a: 2 }, () => order.push("a2")); // queued while the first ones finish
    await stopping;
    expect(order.slice(0, 2).sort()).toEqual(["a1", "b1"]); // two files: either may land first
    expect(order[2]).toBe("a2");
    expect(new Store(dir).readJson("s.json")).toEqual({ value: { a: 2 } });
    let now = false;
    store.writeJsonInBackground("s.json", { a: 3 }, () => (now = true));
    expect(now).toBe(true);
    expect(new Store(dir).readJson("s.json")).toEqual({ value: { a: 3 } });
    expect(fs.readdirSync(dir).sort()).toEqual(["s.json", "t.json"]);
  });

  it("refuses a synchronous write of a file with a background write outstanding: the older rename could land after it", async () => {
    const store = new Store(dir);
    store.startBackgroundWrites(() => {});
    const landed = new Promise((resolve) => store.writeJsonInBackground("s.json", { a: 1 }, resolve));
    expect(() => store.writeJson("s.json", { a: 2 })).toThrow(/s\.json: a background write of it is still outstanding/);
    store.writeJson("other.json", { b: 1 });
    await landed;
    store.writeJson("s.json", { a: 2 });
    expect(new Store(dir).readJson("s.json")).toEqual({ value: { a: 2 } });
  });

  it("reports a background write that fails to its caller and to the error log, and leaves no temp file", async () => {
    const store = new Store(path.join(dir, "data"));
    const errors: string[] = [];
    store.startBackgroundWrites((e) => errors.push(e));
    fs.rmSync(store.dir, { recursive: true });
    const result = await new Promise<string | null>((resolve) => store.writeJsonInBackground("s.json", { a: 1 }, resolve));
    expect(result).toMatch(/ENOENT/);
    expect(errors).toEqual([`s.json: ${result}`]);
    expect(fs.existsSync(store.dir)).toBe(false);
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

  it("reports as its last layer only what is on disk, so a kill never takes progress rebound saw", async () => {
    nowMs = 50_000;
    const store = new Store(dir);
    const node = new SmesherNode({ params, id: "s1", units: 4, peers: [], poets: [], genesis: [{ id: "s1", units: 4 }] }, { ...env(), disk: fileDisk(store) });
    node.tick();
    expect(smesherStatus(node, nowMs).lastLayer).toBe(50);
    store.startBackgroundWrites(() => {});
    nowMs = 51_000;
    node.tick(); // layer 51's state is on its way to the disk, not there yet
    expect(node.doc.lastLayer).toBe(51);
    expect(smesherStatus(node, nowMs).lastLayer).toBe(50);
    expect(read(STATE_FILE)).toMatchObject({ lastLayer: 50 });
    await store.stopBackgroundWrites();
    expect(read(STATE_FILE)).toMatchObject({ lastLayer: 51 });
    expect(smesherStatus(node, nowMs).lastLayer).toBe(51);
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
