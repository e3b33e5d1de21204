// Every JSON rebound reads back goes through a schema: a corrupt file is a one-line input error naming it.
import { createServer, type Server } from "node:http";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sandboxPaths } from "../../src/daemon/paths.js";
import { listSandboxes, loadSandbox } from "../../src/daemon/sandbox-registry.js";
import { listRecords, readRecord, writeRecord } from "../../src/experiment/record.js";
import { Journal, readJournal } from "../../src/journal/journal.js";
import { fetchStatus, parseStatus } from "../../src/observe/standin-client.js";
import { runResultSchema } from "../../src/run/result-schema.js";
import { STANDIN_PORT } from "../../src/standins/config.js";
import { runResult, sampleFacts, verdicts } from "../support/facts-builder.js";
import { rejection } from "../support/rejection.js";

let home = "";
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "rebound-json-"));
  vi.stubEnv("REBOUND_HOME", home);
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});


describe("experiment records", () => {
  const recordFile = () => join(home, "experiments", "x.json");
  const good = { profile: "x", profilePath: "x.yaml", experimentId: "x-abc", genesisMs: 1, subnetPrefix: "10.200", bridgeName: "rb0123abcd", sandboxes: ["x.a"], createdAt: "2020-10-01T06:00:00.000Z" };

  it("reads back what it wrote, and a missing record is undefined", async () => {
    expect(await readRecord("x")).toBeUndefined();
    await writeRecord(good);
    expect(await readRecord("x")).toEqual(good);
  });

  it("a record of the wrong shape is an input error naming the file and the field", async () => {
    await mkdir(join(home, "experiments"), { recursive: true });
    await writeFile(recordFile(), JSON.stringify({ ...good, genesisMs: "soon" }));
    const error = await rejection(readRecord("x"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${recordFile()}: not an experiment record: genesisMs: expected number, received string`);
    expect(error.suggestion).toContain("io.rebound.profile=x");
  });

  // newRecord takes its subnets from listRecords, so this also stops `up` from replacing the record.
  it("a record that is not JSON stops listRecords instead of being skipped", async () => {
    await mkdir(join(home, "experiments"), { recursive: true });
    await writeFile(recordFile(), '{"profile": "x", "genes');
    expect((await rejection(listRecords())).message).toMatch(new RegExp(`^${recordFile()}: not an experiment record: invalid JSON`));
  });
});

describe("sandbox specs", () => {
  const spec = { name: "rebound-x-a", options: { liveRestore: true, shutdownTimeout: 10 }, owner: { profile: "x", host: "a" } };
  const write = async (text: string) => {
    await mkdir(sandboxPaths(spec.name).dir, { recursive: true });
    await writeFile(sandboxPaths(spec.name).specFile, text);
  };

  it("loads a valid spec; a directory without one is skipped", async () => {
    await mkdir(sandboxPaths("half-made").dir, { recursive: true });
    expect(await loadSandbox("half-made")).toBeUndefined();
    await write(JSON.stringify(spec));
    expect((await loadSandbox(spec.name))?.spec).toEqual(spec);
    expect((await listSandboxes()).map((s) => s.name)).toEqual([spec.name]);
  });

  it("a corrupt spec is an input error naming the file", async () => {
    await write(JSON.stringify({ ...spec, options: { liveRestore: "yes", shutdownTimeout: 10 } }));
    const error = await rejection(listSandboxes());
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${sandboxPaths(spec.name).specFile}: not a sandbox spec: options.liveRestore: expected boolean, received string`);
  });

  it("a Swarm node's network comes back as written; a name ip(8) or nsenter would take as something else is refused", async () => {
    const node = { netns: "rbn-0123456789", hostLink: "rbn0123456789", address: "10.201.0.11", prefixLength: 16, gateway: "10.201.0.1", bridge: "rb12345678" };
    await write(JSON.stringify({ ...spec, node }));
    expect((await loadSandbox(spec.name))?.spec.node).toEqual(node);
    await write(JSON.stringify({ ...spec, node: { ...node, netns: "../../etc" } }));
    expect((await rejection(loadSandbox(spec.name))).exitCode).toBe(2);
    await write(JSON.stringify({ ...spec, node: { ...node, address: "10.201.0.11; reboot" } }));
    expect((await rejection(loadSandbox(spec.name))).exitCode).toBe(2);
  });
});

describe("journals", () => {
  const path = () => join(home, "runs", "r1", "journal.jsonl");
  const line = (seq: number, entry: object) => JSON.stringify({ ...entry, seq, at: "2020-10-01T06:00:00.000Z", t: seq });
  const step = (seq: number) => line(seq, { type: "step", step: `s${seq}` });
  const put = async (text: string) => {
    await mkdir(join(home, "runs", "r1"), { recursive: true });
    await writeFile(path(), text);
  };

  it("reads entries written by Journal", async () => {
    const journal = new Journal(path());
    journal.write({ type: "step", step: "up" });
    journal.write({ type: "undo-done", faultId: "f1", action: { kind: "start-daemon", sandbox: "rebound-x-a" } });
    journal.close();
    expect((await readJournal(path())).map((e) => e.type)).toEqual(["step", "undo-done"]);
  });

  it("tolerates a torn last line, and Journal cuts it off before appending", async () => {
    await put(`${step(1)}\n${step(2)}\n{"type":"st`);
    expect((await readJournal(path())).map((e) => e.seq)).toEqual([1, 2]);
    const journal = new Journal(path());
    journal.write({ type: "step", step: "recover" });
    journal.close();
    const entries = await readJournal(path());
    expect(entries.map((e) => e.type === "step" && e.step)).toEqual(["s1", "s2", "recover"]);
  });

  it("a bad line in the middle names the file, the line and what is wrong", async () => {
    await put(`${step(1)}\n${line(2, { type: "fault-failed", faultId: "f1" })}\n${step(3)}\n`);
    const error = await rejection(readJournal(path()));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${path()}:2: not a journal entry: error: missing`);
  });

  it("a line that is not JSON in the middle is not a journal entry either", async () => {
    await put(`${step(1)}\nnot json\n${step(3)}\n`);
    expect((await rejection(readJournal(path()))).message).toMatch(new RegExp(`^${path()}:2: not a journal entry: invalid JSON`));
  });

  it("a file with no valid entry at all is not a journal", async () => {
    await put("garbage only");
    const error = await rejection(readJournal(path()));
    expect(error.message).toBe(`${path()}: not a journal`);
    expect(error.exitCode).toBe(2);
  });

  it("an empty file is a run killed before its first entry: it owes nothing", async () => {
    await put("");
    expect(await readJournal(path())).toEqual([]);
  });
});

describe("stand-in status", () => {
  const status = {
    role: "smesher",
    key: "k1",
    starts: 1,
    identityChanges: 0,
    postInits: 1,
    phase: "synced",
    syncState: "synced",
    currentLayer: 12,
    currentEpoch: 1,
    verifiedLayer: 11,
    lastLayer: 12,
    resumedFromLayer: -1,
    peersReachable: 3,
    peersTotal: 3,
    epochWeight: { epoch: 1, total: 40, activeSet: 4, genesis: true, online: 40, own: 10 },
    hare: [{ layer: 11, outcome: "confirmed", weight: 40, totalWeight: 40, voters: 4, via: "votes" }],
    atxs: [],
    rounds: [],
    units: 10,
    lastError: null,
  };

  it("accepts a status and keeps the fields rebound does not read", () => {
    const parsed = parseStatus(status);
    expect(parsed?.verifiedLayer).toBe(11);
    expect(parsed?.units).toBe(10);
    expect(parsed?.epochWeight.activeSet).toBe(4);
  });

  it("rejects an answer that is not a status: no observation", () => {
    expect(parseStatus({ ...status, verifiedLayer: "11" })).toBeUndefined();
    expect(parseStatus({ ...status, phase: "dreaming" })).toBeUndefined();
    expect(parseStatus({ ...status, rounds: [{ epoch: 1, state: "open", registrations: 2 }] })).toBeUndefined();
    expect(parseStatus(null)).toBeUndefined();
    expect(parseStatus({ ok: true })).toBeUndefined();
  });

  it("fetchStatus over HTTP: a valid answer is a status, an invalid one is no answer", async () => {
    let body: unknown = status;
    const ip = "127.0.0.61";
    const server: Server = createServer((_, res) => res.end(JSON.stringify(body)));
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(STANDIN_PORT, ip, resolve));
    try {
      expect((await fetchStatus(ip))?.key).toBe("k1");
      body = { ...status, currentLayer: null };
      expect(await fetchStatus(ip)).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("run.json", () => {
  it("accepts a run result as a run writes it", async () => {
    const result = runResult(sampleFacts(), verdicts(["resume"]));
    const file = join(home, "run.json");
    await writeFile(file, JSON.stringify(result, null, 2));
    const json: unknown = JSON.parse(await readFile(file, "utf8"));
    const parsed = runResultSchema.safeParse(json);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(json);
  });

  it("rejects {}, null and a wrong shape", () => {
    expect(runResultSchema.safeParse({}).success).toBe(false);
    expect(runResultSchema.safeParse(null).success).toBe(false);
    const result = JSON.parse(JSON.stringify(runResult(sampleFacts(), verdicts()))) as Record<string, unknown>;
    expect(runResultSchema.safeParse({ ...result, verdicts: [{ check: "vibes", status: "pass", value: "", reason: "", evidence: [] }] }).success).toBe(false);
    expect(runResultSchema.safeParse({ ...result, timeline: [{ kind: "standin", t: 1, container: "sm-0", reachable: true }] }).success).toBe(false);
  });
});
