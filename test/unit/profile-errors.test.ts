// Bad profiles: each one rejected with the exact line:column and message a user would see.
import { describe, expect, it } from "vitest";
import { formatProfileIssues, parseProfile } from "../../src/profile/load.js";

const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;

/** Every issue as "LINE:COL: PATH: MESSAGE", the file name left out to keep expectations short. */
function issues(text: string): string[] {
  const result = parseProfile(text, "p.yaml");
  if (result.ok) throw new Error("expected the profile to be rejected");
  return formatProfileIssues(result.errors).split("\n").map((l) => l.replace(/^p\.yaml:/, ""));
}

// A valid profile that the bad cases change one line of; line numbers below count from here.
const HEAD = ["name: demo", "hosts:", "  a: {}", "  b: {}", "smeshers:"];
const SM_A = ["  - group: one", "    host: a", "    units: 4"];
const POET_B = ["poets:", "  - group: poet", "    host: b"];

describe("bad profiles", () => {
  it("bad restart policy", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "    restart: alway", ...POET_B))).toEqual([
      '9:14: smeshers[0].restart: expected one of no, always, unless-stopped, on-failure[:N], got "alway"',
    ]);
  });

  it("unknown top-level key, listing the keys allowed there", () => {
    expect(issues(yaml(...HEAD, ...SM_A, ...POET_B, "colour: blue"))).toEqual([
      '12:1: colour: unknown key "colour" (expected one of: name, description, orchestrator, hosts, network, image, smeshers, poets, steady, method, end, checks, expect)',
    ]);
  });

  it("unknown nested keys, one issue per key, each at its key", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "    colour: blue", "    size: 3", ...POET_B))).toEqual([
      '9:5: smeshers[0].colour: unknown key "colour" (expected one of: group, count, host, restart, state, deploy, ignoreSigterm, resume, units)',
      '10:5: smeshers[0].size: unknown key "size" (expected one of: group, count, host, restart, state, deploy, ignoreSigterm, resume, units)',
    ]);
  });

  it("wrong type", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "    count: three", ...POET_B))).toEqual([
      '9:12: smeshers[0].count: expected number, got string "three"',
    ]);
  });

  it("non-integer count", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "    count: 2.5", ...POET_B))).toEqual([
      "9:12: smeshers[0].count: expected an integer, got 2.5",
    ]);
  });

  it("count 0 and count above the maximum", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "    count: 0", ...POET_B, "    count: 500"))).toEqual([
      "9:12: smeshers[0].count: expected >= 1, got 0",
      "13:12: poets[0].count: expected <= 200, got 500",
    ]);
  });

  it("bad fraction", () => {
    expect(issues(yaml(...HEAD, ...SM_A, ...POET_B, "network:", "  hareThreshold: half"))).toEqual([
      '13:18: network.hareThreshold: expected a fraction such as "1/2", got "half"',
    ]);
    // A decimal is a YAML number, so the type is what is wrong there.
    expect(issues(yaml(...HEAD, ...SM_A, ...POET_B, "network:", "  hareThreshold: 0.5"))).toEqual([
      "13:18: network.hareThreshold: expected string, got number 0.5",
    ]);
  });

  it("unknown host", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "poets:", "  - group: poet", "    host: c"))).toEqual([
      '4:3: hosts.b: host "b" is not used by any group',
      '11:11: poets[0].host: unknown host "c"; hosts are: a, b',
    ]);
  });

  it("duplicate group across smeshers and poets", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "poets:", "  - group: one", "    host: b"))).toEqual([
      '10:12: poets[0].group: duplicate group "one" (also smeshers[0].group)',
    ]);
  });

  it("YAML syntax error, at the yaml library's own position", () => {
    expect(issues(yaml(...HEAD, "  - group: one", "    host: a: b"))).toEqual([
      "7:11: invalid yaml: nested mappings are not allowed in compact mappings",
    ]);
  });

  it("empty file, a comment-only file and a non-mapping document, at 1:1", () => {
    expect(issues("")).toEqual(["1:1: empty profile: expected a mapping with name, hosts and smeshers"]);
    expect(issues("# nothing yet\n")).toEqual(["1:1: empty profile: expected a mapping with name, hosts and smeshers"]);
    expect(issues("- name: demo\n")).toEqual(["1:1: expected a mapping at the top level, got list"]);
  });

  it("missing required key, at the mapping that lacks it", () => {
    expect(issues(yaml(...HEAD, "  - group: one", "    host: a", ...POET_B))).toEqual([
      '6:5: smeshers[0]: missing required key "units"',
    ]);
  });

  it("tortoise threshold not below hare threshold, compared exactly", () => {
    expect(issues(yaml(...HEAD, ...SM_A, ...POET_B, "network:", "  hareThreshold: 2/4", "  tortoiseThreshold: 1/2"))).toEqual([
      '14:22: network.tortoiseThreshold: expected tortoiseThreshold below hareThreshold (2/4), got "1/2"',
    ]);
  });

  it("bad enum state", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "    state: disk", ...POET_B))).toEqual([
      '9:12: smeshers[0].state: expected one of volume, container, tmpfs, got "disk"',
    ]);
  });

  it("threshold outside (0,1), at the value even when only the default of the other is used", () => {
    expect(issues(yaml(...HEAD, ...SM_A, ...POET_B, "network:", "  hareThreshold: 3/2"))).toEqual([
      '13:18: network.hareThreshold: expected a fraction between 0 and 1 (exclusive), got "3/2"',
    ]);
  });

  it("empty smeshers list", () => {
    expect(issues(yaml(...HEAD.slice(0, 4), "smeshers: []"))).toEqual(["5:11: smeshers: expected at least 1 item"]);
  });

  it("invalid host name, at the key", () => {
    expect(issues(yaml("name: demo", "hosts:", "  East: {}", "smeshers:", ...SM_A))).toEqual([
      '3:3: hosts.East: invalid key "East": expected a lower-case name of 1-20 characters (a-z, 0-9, -) starting with a letter',
    ]);
  });

  it("wrong type for a whole section names it as YAML does", () => {
    expect(issues(yaml(...HEAD, ...SM_A, ...POET_B, "network: [1]"))).toEqual([
      "12:10: network: expected mapping, got list [1]",
    ]);
    expect(issues(yaml("name: demo", "hosts: [a]", "smeshers:", ...SM_A))).toEqual(["2:8: hosts: expected mapping, got list [\"a\"]"]);
  });

  it("a key left without a value points at the key", () => {
    expect(issues(yaml(...HEAD, "  - group: one", "    host: a", "    units:", ...POET_B))).toEqual([
      "8:5: smeshers[0].units: expected number, got null",
    ]);
  });

  it("reports every issue of a file, sorted by position", () => {
    expect(issues(yaml(...HEAD, ...SM_A, "    count: 0", "colour: blue", "poets:", "  - group: poet", "    host: b", "    state: disk"))).toEqual([
      "9:12: smeshers[0].count: expected >= 1, got 0",
      '10:1: colour: unknown key "colour" (expected one of: name, description, orchestrator, hosts, network, image, smeshers, poets, steady, method, end, checks, expect)',
      '14:12: poets[0].state: expected one of volume, container, tmpfs, got "disk"',
    ]);
  });
});
