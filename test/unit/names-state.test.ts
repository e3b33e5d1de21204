// What a name argument, a record or a sandbox spec names must stay in rebound's namespace: otherwise exit 2,
// naming the argument or the file, with nothing read outside REBOUND_HOME and nothing changed.
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sandboxPaths } from "../../src/daemon/paths.js";
import { listSandboxes, loadSandbox } from "../../src/daemon/sandbox-registry.js";
import { listRecords, readRecord } from "../../src/experiment/record.js";
import { resolveProfileName } from "../../src/profile/profile-arg.js";
import { rejection } from "../support/rejection.js";

let home = "";
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "rebound-names-"));
  vi.stubEnv("REBOUND_HOME", join(home, "home"));
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});


const good = {
  profile: "x",
  profilePath: "x.yaml",
  experimentId: "x-abc",
  genesisMs: 1,
  subnetPrefix: "10.200",
  bridgeName: "rb0123abcd",
  sandboxes: ["x.a", "x.b"],
  createdAt: "2020-10-01T06:00:00.000Z",
};
const recordFile = () => join(home, "home", "experiments", "x.json");
const writeRecordText = async (record: object) => {
  await mkdir(join(home, "home", "experiments"), { recursive: true });
  await writeFile(recordFile(), JSON.stringify(record));
};

describe("a name argument", () => {
  it("that escapes its folder is exit 2 naming it, and the file it points at is never read", async () => {
    // A valid record outside REBOUND_HOME, where ../../victim would land from experiments/.
    await writeFile(join(home, "victim.json"), JSON.stringify({ ...good, profile: "victim" }));
    for (const arg of ["../../victim", "../victim", "/nonexistent/victim", "x/..", "a\u001b[31m", "A", "x y", ""]) {
      const error = await rejection(resolveProfileName(arg));
      expect(error.exitCode, arg).toBe(2);
      expect(error.message, arg).toContain(JSON.stringify(arg));
      // The record layer refuses it too, whoever calls it.
      expect((await rejection(readRecord(arg))).exitCode, arg).toBe(2);
    }
  });

  it("that is a name passes through unread", async () => {
    expect(await resolveProfileName("netid-118")).toBe("netid-118");
  });
});

describe("a record read back", () => {
  it("is read when it names only what rebound makes for its profile", async () => {
    await writeRecordText(good);
    expect(await readRecord("x")).toEqual(good);
  });

  it.each([
    ["a bridge rebound does not make", { bridgeName: "eth0" }, "bridgeName"],
    ["a bridge with a path in it", { bridgeName: "rb/../../x" }, "bridgeName"],
    ["a subnet outside rebound's range", { subnetPrefix: "192.168" }, "subnetPrefix"],
    ["another profile's sandbox", { sandboxes: ["x.a", "y.a"] }, "sandboxes[1]"],
    ["a sandbox path", { sandboxes: ["../../../tmp/x"] }, "sandboxes[0]"],
    ["a sandbox name that two profiles could share", { sandboxes: ["x-a"] }, "sandboxes[0]"],
    ["a profile that is not a name", { profile: "../../victim" }, "profile"],
  ])("is refused when it names %s (exit 2, naming the file and the field)", async (_what, change, field) => {
    await writeRecordText({ ...good, ...change });
    const error = await rejection(readRecord("x"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(new RegExp(`^${recordFile()}: not an experiment record: ${field.replace(/[[\]]/g, "\\$&")}: `));
  });

  it("is refused when it is another profile's record", async () => {
    await writeRecordText({ ...good, profile: "y", sandboxes: ["y.a"] });
    const error = await rejection(readRecord("x"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${recordFile()}: not an experiment record of profile x: it names profile y`);
  });

  it("listing skips files rebound never names (they are not read), and fails on a bad record it does name", async () => {
    await writeRecordText(good);
    await writeFile(join(home, "home", "experiments", "Not A Name.json"), "{not json");
    expect(await listRecords()).toEqual([good]);
    await writeRecordText({ ...good, bridgeName: "lo" });
    expect((await rejection(listRecords())).exitCode).toBe(2);
  });
});

describe("REBOUND_HOME that is not a directory", () => {
  it("is exit 2 naming REBOUND_HOME for records and sandboxes, never an empty listing", async () => {
    const file = join(home, "a-file");
    await writeFile(file, "");
    vi.stubEnv("REBOUND_HOME", file);
    for (const listing of [listRecords(), listSandboxes()]) {
      const error = await rejection(listing);
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(new RegExp(`^REBOUND_HOME=${file}: .* is not a directory$`));
    }
  });

  it("a home that does not exist yet is empty, not an error", async () => {
    vi.stubEnv("REBOUND_HOME", join(home, "not-yet"));
    expect(await listRecords()).toEqual([]);
    expect(await listSandboxes()).toEqual([]);
  });
});

describe("a sandbox spec read back", () => {
  const spec = { name: "x.a", options: { liveRestore: false, shutdownTimeout: 10 }, owner: { profile: "x", host: "a" } };
  const writeSpec = async (dirName: string, content: object) => {
    const dir = join(home, "home", "sandboxes", dirName);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "sandbox.json"), JSON.stringify(content));
  };

  it("whose own name points elsewhere is refused: its paths would leave sandboxes/", async () => {
    await writeSpec("x.a", { ...spec, name: "../../../tmp/elsewhere" });
    const error = await rejection(loadSandbox("x.a"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`${sandboxPaths("x.a").specFile}: not the sandbox spec of x.a: it names "../../../tmp/elsewhere"`);
  });

  it("is never looked up by a name that is a path", async () => {
    for (const name of ["../x", "..", "x/../../y"]) expect((await rejection(loadSandbox(name))).exitCode, name).toBe(2);
  });

  it("listing reads only directories with a sandbox's name", async () => {
    await writeSpec("x.a", spec);
    await mkdir(join(home, "home", "sandboxes", "Stray Dir"), { recursive: true });
    expect(await readdir(join(home, "home", "sandboxes"))).toHaveLength(2);
    expect((await listSandboxes()).map((s) => s.name)).toEqual(["x.a"]);
  });
});
