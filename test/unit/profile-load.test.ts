// The profile loader end to end: good profiles come back typed with defaults; bad files become one input error.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ReboundError } from "../../src/errors.js";
import { loadProfile, parseProfile } from "../../src/profile/load.js";

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/profiles/${name}`, import.meta.url));
const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;

// The same base profile the error cases in profile-errors.test.ts start from.
const HEAD = ["name: demo", "hosts:", "  a: {}", "  b: {}", "smeshers:"];
const SM_A = ["  - group: one", "    host: a", "    units: 4"];
const POET_B = ["poets:", "  - group: poet", "    host: b"];

describe("good profiles", () => {
  it("fills in every default for a minimal profile", async () => {
    const profile = await loadProfile(fixture("minimal.yaml"));
    expect(profile.network).toEqual({
      layerSeconds: 1,
      layersPerEpoch: 10,
      hareThreshold: "1/2",
      tortoiseThreshold: "1/3",
      selfHealing: false,
      zdist: 2,
      phaseShift: 5,
      cycleGap: 3,
      postInitLayers: 3,
      syncGossipLayers: 2,
      maxLagLayers: 3,
      voteDeadline: "1/2",
      poetRetryLayers: 1,
    });
    expect(profile.hosts).toEqual({ a: { kind: "sandbox", liveRestore: false, shutdownTimeout: 10 } });
    expect(profile.image).toEqual({ base: "scratch" });
    expect(profile.smeshers).toEqual([
      { group: "sm", count: 1, host: "a", restart: "unless-stopped", state: "volume", ignoreSigterm: false, resume: true, units: 4 },
    ]);
    expect(profile.poets).toEqual([]);
  });

  it("keeps every value of a full profile", async () => {
    const profile = await loadProfile(fixture("full.yaml"));
    expect(Object.keys(profile.hosts)).toEqual(["east", "west", "poet-host"]);
    expect(profile.hosts.east).toEqual({ kind: "sandbox", liveRestore: true, shutdownTimeout: 30 });
    expect(profile.network.hareThreshold).toBe("2/3");
    expect(profile.network.layerSeconds).toBe(0.5);
    expect(profile.smeshers.map((g) => [g.group, g.count, g.restart, g.state])).toEqual([
      ["big", 3, "on-failure:5", "volume"],
      ["small", 2, "no", "tmpfs"],
    ]);
    expect(profile.smeshers[1]).toMatchObject({ ignoreSigterm: true, resume: false });
    expect(profile.poets[0]).toMatchObject({ group: "poet", count: 2, restart: "always", state: "container" });
  });

  it("accepts the inline base profile the bad cases start from", () => {
    expect(parseProfile(yaml(...HEAD, ...SM_A, ...POET_B), "p.yaml").ok).toBe(true);
  });
});

describe("loadProfile", () => {
  async function rejection(path: string): Promise<ReboundError> {
    const err: unknown = await loadProfile(path).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ReboundError);
    return err as ReboundError;
  }

  it("throws an input error with one FILE:LINE:COL: PATH: MESSAGE line per issue", async () => {
    const path = fixture("many-errors.yaml");
    const err = await rejection(path);
    expect(err.kind).toBe("input");
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(
      [
        `${path}:7:12: smeshers[0].count: expected >= 1, got 0`,
        `${path}:9:1: colour: unknown key "colour" (expected one of: name, description, orchestrator, hosts, network, image, smeshers, poets, steady, method, end, checks, expect)`,
      ].join("\n"),
    );
  });

  it("names the file as the user gave it", async () => {
    const err = await rejection("test/fixtures/profiles/bad-restart.yaml");
    expect(err.message).toBe(
      'test/fixtures/profiles/bad-restart.yaml:10:14: smeshers[1].restart: expected one of no, always, unless-stopped, on-failure[:N], got "alway"',
    );
  });

  it("reports a syntax error in a file", async () => {
    const path = fixture("syntax-error.yaml");
    const err = await rejection(path);
    expect(err.message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:7:1: invalid yaml: `));
  });

  it("says why a file cannot be read", async () => {
    const err = await rejection("no/such/profile.yaml");
    expect(err.kind).toBe("input");
    expect(err.message).toBe("cannot read profile no/such/profile.yaml: no such file");
  });
});
