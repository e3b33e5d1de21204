// Cross-field rules as pure functions over a Profile: no YAML, no positions, just paths and messages.
import { describe, expect, it } from "vitest";
import { checkGroupNames, checkHosts, checkRules, checkThresholds } from "../../src/profile/rules.js";
import { profileSchema, type Profile } from "../../src/profile/schema.js";

function profile(overrides: Record<string, unknown> = {}): Profile {
  return profileSchema.parse({
    name: "demo",
    hosts: { a: {}, b: {} },
    smeshers: [{ group: "one", host: "a", units: 1 }],
    poets: [{ group: "poet", host: "b" }],
    ...overrides,
  });
}

describe("profile rules", () => {
  it("accepts a consistent profile", () => {
    expect(checkRules(profile())).toEqual([]);
  });

  it("finds unknown and unused hosts", () => {
    expect(checkHosts(profile({ poets: [{ group: "poet", host: "c" }] }))).toEqual([
      { path: ["poets", 0, "host"], at: "value", message: 'unknown host "c"; hosts are: a, b' },
      { path: ["hosts", "b"], at: "key", message: 'host "b" is not used by any group' },
    ]);
  });

  it("says so when no hosts are defined at all", () => {
    expect(checkHosts(profile({ hosts: {}, poets: [] }))[0]?.message).toBe('unknown host "a"; no hosts are defined');
  });

  it("allows 240 containers on a host and refuses 241", () => {
    const groups = (n: number) => [
      { group: "x", host: "a", units: 1, count: 200 },
      { group: "y", host: "a", units: 1, count: n },
    ];
    expect(checkHosts(profile({ smeshers: groups(40) }))).toEqual([]);
    expect(checkHosts(profile({ smeshers: groups(41) }))).toEqual([
      { path: ["hosts", "a"], at: "key", message: 'host "a" would run 241 containers; at most 240 fit its address range' },
    ]);
  });

  it("finds duplicate group names within and across kinds", () => {
    const p = profile({
      smeshers: [
        { group: "one", host: "a", units: 1 },
        { group: "one", host: "a", units: 1 },
      ],
      poets: [{ group: "one", host: "b" }],
    });
    expect(checkGroupNames(p).map((i) => i.message)).toEqual([
      'duplicate group "one" (also smeshers[0].group)',
      'duplicate group "one" (also smeshers[0].group)',
    ]);
    expect(checkGroupNames(p).map((i) => i.path)).toEqual([
      ["smeshers", 1, "group"],
      ["poets", 0, "group"],
    ]);
  });

  it("compares thresholds exactly, even where floating point would not", () => {
    const net = (hareThreshold: string, tortoiseThreshold: string) => profile({ network: { hareThreshold, tortoiseThreshold } });
    expect(checkThresholds(net("1/2", "1/3"))).toEqual([]);
    expect(checkThresholds(net("2/4", "1/2"))).toHaveLength(1);
    // 1/3 and 333333333333333/999999999999999 are equal (15 digits, the most a side the schema allows).
    expect(checkThresholds(net("1/3", "333333333333333/999999999999999"))).toHaveLength(1);
    expect(checkThresholds(net("1/3", "333333333333332/999999999999999"))).toEqual([]);
  });

  it("refuses thresholds outside (0,1)", () => {
    const net = (hareThreshold: string, tortoiseThreshold: string) => profile({ network: { hareThreshold, tortoiseThreshold } });
    expect(checkThresholds(net("1/1", "0/3"))).toEqual([
      { path: ["network", "hareThreshold"], at: "value", message: 'expected a fraction between 0 and 1 (exclusive), got "1/1"' },
      { path: ["network", "tortoiseThreshold"], at: "value", message: 'expected a fraction between 0 and 1 (exclusive), got "0/3"' },
    ]);
  });
});
