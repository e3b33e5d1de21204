// Every document a stand-in reads back is validated: a corrupt or malformed one stops the start with an error that
// names the file and what to do, never a silent fresh start; temp files of a writer killed mid-write are cleared.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MODEL_DEFAULTS } from "../../src/standins/model/params.js";
import { PoetServer } from "../../src/standins/model/poet-server.js";
import { SmesherNode } from "../../src/standins/model/smesher-node.js";
import type { Env } from "../../src/standins/model/transport.js";
import { CorruptStateError, docProblem, fileDisk, KEY_FILE, POST_MARKER, STATE_FILE } from "../../src/standins/state.js";
import { Store } from "../../src/standins/store.js";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "endurance-state-"));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const params = { ...MODEL_DEFAULTS, clock: { genesisMs: 0, layerMs: 1000, layersPerEpoch: 10 }, postInitLayers: 0 };
let nowMs = 50_000;
let keys = 0;
const corruptions: string[] = [];
const env = (): Env => ({
  now: () => nowMs,
  transport: { request: () => Promise.resolve(undefined) },
  disk: fileDisk(new Store(dir), (detail) => void corruptions.push(detail)),
  log: () => {},
  newKey: () => `key${++keys}`,
});
const smesher = () => new SmesherNode({ params, id: "s1", units: 4, peers: [], poets: [], genesis: [{ id: "s1", units: 4 }] }, env());
const file = (name: string) => path.join(dir, name);
const edit = (name: string, change: (doc: Record<string, unknown>) => void) => {
  const doc = JSON.parse(fs.readFileSync(file(name), "utf8")) as Record<string, unknown>;
  change(doc);
  fs.writeFileSync(file(name), JSON.stringify(doc));
};

/** Starting must throw a CorruptStateError naming the file, and leave every file as it was. */
function refusesToStart(start: () => unknown, name: string, detail: RegExp): void {
  const before = fs.readdirSync(dir).map((f) => [f, fs.readFileSync(file(f), "utf8")]);
  let error: unknown;
  try {
    start();
  } catch (err) {
    error = err;
  }
  expect(error).toBeInstanceOf(CorruptStateError);
  const e = error as CorruptStateError;
  expect(e.file).toBe(file(name));
  expect(e.detail).toMatch(detail);
  expect(e.message).toContain(`${file(name)}: not a valid state file (`);
  expect(e.message).toMatch(/restore the file, or move it aside/);
  expect(e.message).not.toContain("\n");
  expect(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(file(f), "utf8")])).toEqual(before);
}

describe("a smesher's documents read back", () => {
  beforeEach(() => {
    corruptions.length = 0;
    const first = smesher();
    first.tick();
    first.stop();
  });

  it("start again when intact, and every document it wrote fits its shape", () => {
    expect(docProblem("state", JSON.parse(fs.readFileSync(file(STATE_FILE), "utf8")))).toBeNull();
    expect(docProblem("key", JSON.parse(fs.readFileSync(file(KEY_FILE), "utf8")))).toBeNull();
    expect(docProblem("marker", JSON.parse(fs.readFileSync(file(POST_MARKER), "utf8")))).toBeNull();
    expect(smesher().doc.starts).toBe(2);
    expect(corruptions).toEqual([]);
  });

  it("refuse a truncated state file", () => {
    const text = fs.readFileSync(file(STATE_FILE), "utf8");
    fs.writeFileSync(file(STATE_FILE), text.slice(0, text.length / 2));
    refusesToStart(smesher, STATE_FILE, /^not JSON: /);
    expect(corruptions).toEqual([expect.stringMatching(/^state\.json: not JSON: /)]);
  });

  it("refuse an empty state file, a JSON null and a list", () => {
    for (const text of ["", "null", "[]"]) {
      fs.writeFileSync(file(STATE_FILE), text);
      refusesToStart(smesher, STATE_FILE, text ? /expected an object|expected one of 1, 2/ : /^not JSON/);
    }
  });

  it("refuse a state file whose fields have the wrong type, naming the field", () => {
    edit(STATE_FILE, (d) => (d.starts = "7"));
    refusesToStart(smesher, STATE_FILE, /^starts: expected an integer, got "7"$/);
  });

  it("refuse a nested problem deep in the document, with its path", () => {
    edit(STATE_FILE, (d) => ((d.activation as { untrusted: unknown[] }).untrusted = ["ok", 3]));
    refusesToStart(smesher, STATE_FILE, /^activation\.untrusted\.1: expected a string, got 3$/);
  });

  it("refuse a state file with a missing field or an unknown format", () => {
    edit(STATE_FILE, (d) => delete d.identity);
    refusesToStart(smesher, STATE_FILE, /^identity: missing$/);
    edit(STATE_FILE, (d) => (d.version = 3));
    refusesToStart(smesher, STATE_FILE, /^version: expected one of 1, 2, got 3$/);
  });

  it("refuse a corrupt key file and a corrupt PoST marker instead of creating a new identity or re-initialising", () => {
    const state = fs.readFileSync(file(STATE_FILE), "utf8");
    edit(KEY_FILE, (d) => (d.key = null));
    refusesToStart(smesher, KEY_FILE, /^key: expected a string, got null$/);
    fs.rmSync(file(KEY_FILE));
    // An absent key file is not corruption: it is the lost identity the resume check is there to count.
    expect(smesher().doc.identityChanges).toBe(1);
    fs.writeFileSync(file(STATE_FILE), state);
    fs.writeFileSync(file(POST_MARKER), "{\"id\":");
    refusesToStart(smesher, POST_MARKER, /^not JSON: /);
  });
});

describe("a PoET's documents read back", () => {
  it("refuse a round in an unknown state", () => {
    nowMs = 50_000;
    new PoetServer(params, "p1", env()).stop();
    edit(STATE_FILE, (d) => ((d.rounds as Record<string, { state: string }>)["6"] = { state: "lost" } as never));
    refusesToStart(() => new PoetServer(params, "p1", env()), STATE_FILE, /^rounds\.6\.state: expected one of open, executing, done, skipped, got "lost"$/);
  });
});

describe("the store on open", () => {
  it("removes the temp files of writers killed mid-write, and nothing else", () => {
    fs.writeFileSync(file(".state.json.4242.tmp"), "{\"half");
    fs.writeFileSync(file(".post.marker.17.tmp"), "");
    fs.writeFileSync(file("state.json"), "{}");
    fs.writeFileSync(file("notes.tmp"), "x");
    const store = new Store(dir);
    expect(store.staleTemps.sort()).toEqual([".post.marker.17.tmp", ".state.json.4242.tmp"]);
    expect(fs.readdirSync(dir).sort()).toEqual(["notes.tmp", "state.json"]);
  });
});
