// The repository's docker-compose.yml: clean under the audit at every severity, and the same network as
// profiles/default.yaml (each stand-in's configuration as rebound would plan it, addressed by service name).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { audit } from "../../src/commands/audit.js";
import { interpolate } from "../../src/audit/compose/interpolate.js";
import { loadProfile } from "../../src/profile/load.js";
import { planTopology } from "../../src/topology/plan.js";

const file = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

describe("docker-compose.yml", () => {
  it("has no finding at any severity", async () => {
    const report = await audit({ compose: [file("docker-compose.yml")], failOn: "info", env: {} });
    expect(report.findings).toEqual([]);
    expect(report.failed).toBe(false);
  });

  it("runs the default profile's network: same members, weights, peers and consensus parameters", async () => {
    const compose = parse(readFileSync(file("docker-compose.yml"), "utf8"), { merge: true }) as { services: Record<string, { environment: { REBOUND_CONFIG: string } }> };
    const genesisMs = 1_767_225_600_000;
    const plan = planTopology(await loadProfile(file("profiles/default.yaml")), { experimentId: "x", genesisMs, subnetPrefix: "10.200", bridgeName: "b", imageTag: "i" });
    const short = (id: string) => id.replace(/^default-/, "");
    const expected = Object.fromEntries(
      plan.containers.map(({ config }) => {
        const renamed = (peers: { id: string }[]) => peers.map((p) => ({ id: short(p.id), address: `${short(p.id)}:8080` }));
        return [short(config.id), { ...config, id: short(config.id), peers: renamed(config.peers), poets: renamed(config.poets), genesisSet: config.genesisSet.map((g) => ({ ...g, id: short(g.id) })) }];
      }),
    );
    const actual = Object.fromEntries(Object.entries(compose.services).map(([name, s]) => [name, JSON.parse(interpolate(s.environment.REBOUND_CONFIG, {}))]));
    expect(actual).toEqual(expected);
  });
});
