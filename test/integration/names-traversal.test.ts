// Path traversal on every command that takes a profile name: exit 2 naming the argument, and nothing outside
// REBOUND_HOME read, deleted or removed; a record that names a foreign bridge or sandbox is refused the same way.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";

const base = isolatedHome("traversal");
const home = join(base.home, "home");
const env = { REBOUND_HOME: home };
// A bridge that is not rebound's, with nothing attached: exactly what the old `down` removed when a record named it.
const VICTIM_LINK = "rbvictim";
const ARG = "../../victim";

const record = (profile: string, extra: object = {}) =>
  JSON.stringify({
    profile,
    profilePath: "x.yaml",
    experimentId: `${profile}-abc`,
    genesisMs: 1,
    subnetPrefix: "10.250",
    bridgeName: VICTIM_LINK,
    sandboxes: [`${profile}.a`],
    createdAt: "2020-10-01T06:00:00.000Z",
    ...extra,
  });

// Where experiments/../../victim.json lands: outside REBOUND_HOME. It names a file to delete and the interface.
const victimRecord = join(base.home, "victim.json");
const victimFile = join(base.home, "other.json");
const victimText = record("../../other");

beforeAll(async () => {
  await requireDockerEngine();
  mkdirSync(join(home, "experiments"), { recursive: true });
  writeFileSync(victimRecord, victimText);
  writeFileSync(victimFile, "{}\n");
  await execa("ip", ["link", "add", VICTIM_LINK, "type", "bridge"]);
});
afterAll(async () => {
  await execa("ip", ["link", "del", VICTIM_LINK], { reject: false });
  await base.remove();
});

const linkExists = async () => (await execa("ip", ["link", "show", "dev", VICTIM_LINK], { reject: false })).exitCode === 0;

describe("a profile name that escapes REBOUND_HOME", () => {
  it.each([
    [["status", ARG]],
    [["status", ARG, "--json"]],
    [["down", ARG]],
    [["down", ARG, "--volumes"]],
    [["engine", "down", ARG]],
    [["audit", "--sandbox", ARG, "--fail-on", "never"]],
  ])("%j: exit 2 naming it; the file outside is not read as a record, nothing is deleted or removed", async (args) => {
    const result = await rebound(args, env);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain(`"${ARG}": not a profile file or a profile name`);
    expect(result.stdout).toBe("");
    expect(readFileSync(victimRecord, "utf8")).toBe(victimText);
    expect(existsSync(victimFile)).toBe(true);
    expect(await linkExists()).toBe(true);
    expect(existsSync(join(home, "sandboxes"))).toBe(false);
  });

  it.each([[["up", ARG]], [["run", ARG]]])("%j: a profile file that does not exist, exit 2, nothing created", async (args) => {
    const result = await rebound(args, env);
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr).toContain(ARG);
    expect(existsSync(join(home, "sandboxes"))).toBe(false);
    expect(existsSync(join(dirname(home), "sandboxes"))).toBe(false);
    expect(await linkExists()).toBe(true);
  });
});

describe("a record inside REBOUND_HOME that names what rebound does not make", () => {
  it.each([
    ["a bridge rebound does not make", { bridgeName: VICTIM_LINK }, "bridgeName"],
    ["a sandbox outside sandboxes/", { bridgeName: "rb0123abcd", sandboxes: ["../../../tmp/x"] }, "sandboxes[0]"],
    ["another profile's sandbox", { bridgeName: "rb0123abcd", sandboxes: ["other.a"] }, "sandboxes[0]"],
    ["another profile", { bridgeName: "rb0123abcd", profile: "other", sandboxes: ["other.a"] }, "profile"],
  ])("naming %s: down --volumes and status refuse it (exit 2, the file), and it stays", async (_what, extra, field) => {
    const file = join(home, "experiments", "victim.json");
    const text = record("victim", extra);
    writeFileSync(file, text);
    for (const args of [["down", "victim", "--volumes"], ["status", "victim"], ["down", "--volumes"], ["status"]]) {
      const result = await rebound(args, env);
      expect(result.exitCode, `${args.join(" ")}: ${result.stderr}`).toBe(2);
      expect(result.stderr).toContain(`${file}: not an experiment record`);
      expect(result.stderr).toContain(field);
    }
    expect(readFileSync(file, "utf8")).toBe(text);
    expect(await linkExists()).toBe(true);
  });
});
