// The profile's bounds (issue 10): totals, the address plan's end, the shortest layer, schedules, shares and every
// number, each refused with the file:line:col a user would see, and the largest accepted profile planned in range.
import { describe, expect, it } from "vitest";
import { MAX_CONTAINERS, MAX_HOSTS } from "../../src/profile/bounds.js";
import { profileJsonSchema } from "../../src/profile/json-schema.js";
import { formatProfileIssues, parseProfile } from "../../src/profile/load.js";
import { planTopology } from "../../src/topology/plan.js";

const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;

/** Every issue as "LINE:COL: PATH: MESSAGE", the file name checked and left out. */
function issues(text: string): string[] {
  const result = parseProfile(text, "p.yaml");
  if (result.ok) throw new Error("expected the profile to be rejected");
  const lines = formatProfileIssues(result.errors).split("\n");
  for (const line of lines) expect(line).toMatch(/^p\.yaml:\d+:\d+: /);
  return lines.map((l) => l.replace(/^p\.yaml:/, ""));
}

const accepted = (text: string) => {
  const result = parseProfile(text, "p.yaml");
  if (!result.ok) throw new Error(formatProfileIssues(result.errors));
  return result.profile;
};

// Lines 1-7; a case appends its own lines from line 8.
const BASE = ["name: demo", "hosts:", "  a: {}", "smeshers:", "  - { group: one, host: a, units: 4 }", "poets:", "  - { group: poet, host: a }"];
const withLines = (...lines: string[]) => yaml(...BASE, ...lines);
const fault = (...lines: string[]) => withLines("method:", "  - fault: kill", "    target: { group: one }", ...lines);

/** `hosts` hosts h1..hN, each with one smesher group of `perHost` containers. */
function fleet(hosts: number, perHost: number): string {
  const keys = Array.from({ length: hosts }, (_, i) => `h${i + 1}`);
  return yaml(
    "name: big",
    "hosts:",
    ...keys.map((k) => `  ${k}: {}`),
    "smeshers:",
    ...keys.map((k) => `  - { group: g${k}, host: ${k}, units: 1, count: ${perHost} }`),
  );
}

describe("totals and the address plan", () => {
  it("refuses 50 hosts x 200 containers: the first host past the limit and the group that passes the total", () => {
    // Host keys sit on lines 3..52 (h17 on 19); smeshers groups on lines 54..103, 200 containers each.
    expect(MAX_HOSTS).toBe(16);
    expect(issues(fleet(50, 200))).toEqual([
      "19:3: hosts.h17: 50 hosts; at most 16 (each is a Docker daemon of its own)",
      "54:46: smeshers[0].count: the experiment would run 10000 containers (smeshers and poets together); at most 40",
    ]);
  });

  it("refuses 300 hosts, which would give 10.x.256.0/24 and beyond", () => {
    expect(issues(fleet(300, 1))[0]).toBe("19:3: hosts.h17: 300 hosts; at most 16 (each is a Docker daemon of its own)");
  });

  it(`accepts ${MAX_HOSTS} hosts and ${MAX_CONTAINERS} containers, refuses one more container`, () => {
    const perHost = Math.floor(MAX_CONTAINERS / MAX_HOSTS);
    const rest = MAX_CONTAINERS - perHost * MAX_HOSTS;
    const text = fleet(MAX_HOSTS, perHost).replace(`count: ${perHost} }`, `count: ${perHost + rest} }`);
    expect(accepted(text).smeshers.reduce((n, g) => n + g.count, 0)).toBe(MAX_CONTAINERS);
    const over = text.replace(`count: ${perHost + rest} }`, `count: ${perHost + rest + 1} }`);
    expect(issues(over)).toEqual([
      expect.stringMatching(/^\d+:\d+: smeshers\[15\]\.count: the experiment would run 41 containers .*at most 40$/),
    ]);
  });

  it("the largest profiles the schema accepts stay inside the experiment's /16, one /24 per host", () => {
    const context = { experimentId: "e1", genesisMs: 0, subnetPrefix: "10.201", bridgeName: "rbtest", imageTag: "img" };
    for (const text of [fleet(MAX_HOSTS, Math.floor(MAX_CONTAINERS / MAX_HOSTS)), fleet(1, MAX_CONTAINERS)]) {
      const plan = planTopology(accepted(text), context);
      const octets = (ip: string) => ip.split(/[./]/).slice(0, 4).map(Number);
      for (const host of plan.hosts) {
        const [a, b, c, d] = octets(host.network.ipRange!);
        expect([a, b, d]).toEqual([10, 201, 0]);
        expect(c).toBeGreaterThanOrEqual(1);
        expect(c).toBeLessThanOrEqual(255);
      }
      for (const container of plan.containers) {
        const ip = JSON.stringify(container.spec).match(/"10\.201\.(\d+)\.(\d+)"/);
        expect(ip, container.spec.name).not.toBeNull();
        expect(Number(ip![1])).toBeLessThanOrEqual(255);
        expect(Number(ip![2])).toBeLessThanOrEqual(254);
      }
    }
  });
});

describe("layers and schedules", () => {
  it("refuses a layer shorter than 0.5 s or not in whole milliseconds", () => {
    expect(issues(withLines("network: { layerSeconds: 0.0001 }"))).toEqual(["8:26: network.layerSeconds: expected >= 0.5, got 0.0001"]);
    expect(issues(withLines("network: { layerSeconds: 0.499 }"))).toEqual(["8:26: network.layerSeconds: expected >= 0.5, got 0.499"]);
    expect(issues(withLines("network: { layerSeconds: 1.0005 }"))).toEqual(["8:26: network.layerSeconds: expected a multiple of 0.001, got 1.0005"]);
    expect(accepted(withLines("network: { layerSeconds: 0.5 }")).network.layerSeconds).toBe(0.5);
    expect(accepted(withLines("network: { layerSeconds: 1.234 }")).network.layerSeconds).toBe(1.234);
  });

  it("bounds at.layer by the schema and by an hour from genesis at the profile's layer length", () => {
    expect(issues(fault("    at: { layer: 1000000000 }"))).toEqual(["11:18: method[0].at.layer: expected <= 7200, got 1000000000"]);
    expect(issues(fault("    at: { layer: 3601 }"))).toEqual([
      "11:18: method[0].at.layer: layer 3601 is 3601 s after genesis at 1 s a layer; at most 3600 s",
    ]);
    expect(accepted(fault("    at: { layer: 3600 }")).method[0]?.at.layer).toBe(3600);
    expect(issues(fault("    at: { registrationWindow: 361 }"))).toEqual([
      "11:31: method[0].at.registrationWindow: epoch 361 is 3610 s after genesis at 1 s a layer; at most 3600 s",
    ]);
  });

  it("refuses an observation over an hour and a steady hold longer than its timeout", () => {
    expect(issues(withLines("end: { afterLayers: 3601 }"))).toEqual(["8:21: end.afterLayers: 3601 layers take 3601 s at 1 s a layer; at most 3600 s"]);
    expect(issues(withLines("steady: { forLayers: 181 }"))).toEqual([
      "8:22: steady.forLayers: holding 181 layers takes 181 s, longer than steady.timeoutSeconds (180): the steady state could never be reached",
    ]);
  });
});

describe("shares, fractions and policies", () => {
  it("refuses a target share of 0%, which selects nothing", () => {
    expect(issues(withLines("method:", "  - fault: kill", '    target: { share: "0%" }'))).toEqual([
      '10:22: method[0].target.share: expected a percentage from 1% to 100% such as "30%", got "0%"',
    ]);
    expect(issues(withLines("method:", "  - fault: kill", '    target: { share: "00%" }'))).toHaveLength(1);
    expect(accepted(withLines("method:", "  - fault: kill", '    target: { share: "1%" }')).method[0]?.target.share).toBe("1%");
  });

  it("refuses fractions the stand-ins cannot hold exactly and a vote deadline outside (0,1]", () => {
    expect(issues(withLines('network: { hareThreshold: "1/1000000000000000" }'))).toEqual([
      '8:27: network.hareThreshold: expected at most 15 digits on each side of the fraction, got "1/1000000000000000"',
    ]);
    expect(issues(withLines('network: { voteDeadline: "3/2" }'))).toEqual(['8:26: network.voteDeadline: expected a share of a layer above 0 and at most 1, got "3/2"']);
    expect(issues(withLines('network: { voteDeadline: "0/2" }'))).toHaveLength(1);
    expect(accepted(withLines('network: { voteDeadline: "1/1" }')).network.voteDeadline).toBe("1/1");
  });

  it("refuses a PoET cycle gap of a whole epoch, and on-failure retries past 9999", () => {
    expect(issues(withLines("network: { layersPerEpoch: 10, cycleGap: 10 }"))).toEqual([
      "8:42: network.cycleGap: expected fewer layers than an epoch (layersPerEpoch 10), got 10: a PoET round would never execute",
    ]);
    expect(issues(withLines("  - { group: two, host: a, restart: on-failure:10000 }"))).toEqual([
      '8:37: poets[1].restart: expected on-failure\'s retry count N from 1 to 9999, got "on-failure:10000"',
    ]);
  });
});

describe("every number", () => {
  it("refuses infinity, NaN, 1e999, negatives and fractions where whole numbers are meant", () => {
    expect(issues(withLines("steady: { timeoutSeconds: .inf }"))).toEqual([expect.stringMatching(/^8:27: steady\.timeoutSeconds: expected number/)]);
    expect(issues(withLines("checks: { recovery-time: { budgetSeconds: 1e999 } }"))).toHaveLength(1);
    expect(issues(withLines("network: { zdist: .nan }"))).toHaveLength(1);
    expect(issues(fault("    timeout: 2.5"))).toEqual(["11:14: method[0].timeout: expected an integer, got 2.5"]);
    expect(issues(fault("    duration: -1"))).toHaveLength(1);
  });

  it("gives every number in the schema a lower and an upper bound (profiles/schema.json says so to editors)", () => {
    const unbounded: string[] = [];
    const walk = (node: unknown, path: string) => {
      if (Array.isArray(node)) return node.forEach((child, i) => walk(child, `${path}[${i}]`));
      if (node === null || typeof node !== "object") return;
      const n = node as Record<string, unknown>;
      if (n.type === "number" || n.type === "integer") {
        const low = n.minimum ?? n.exclusiveMinimum;
        const high = n.maximum ?? n.exclusiveMaximum;
        if (typeof low !== "number" || typeof high !== "number") unbounded.push(path);
      }
      for (const [key, child] of Object.entries(n)) walk(child, `${path}.${key}`);
    };
    walk(profileJsonSchema(), "$");
    expect(unbounded).toEqual([]);
  });
});
