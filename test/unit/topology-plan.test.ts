import { describe, expect, it } from "vitest";
import { parseProfile } from "../../src/profile/load.js";
import { LABEL } from "../../src/docker/labels.js";
import { planTopology } from "../../src/topology/plan.js";
import type { StandinConfig } from "../../src/standins/config.js";

const yaml = `
name: demo
hosts:
  a: { liveRestore: true, shutdownTimeout: 15 }
  b: {}
network: { layerSeconds: 0.5, layersPerEpoch: 6, hareThreshold: "1/2", tortoiseThreshold: "1/3" }
smeshers:
  - { group: big, count: 2, units: 30, host: a, restart: "no" }
  - { group: small, count: 1, units: 10, host: b, state: tmpfs }
poets:
  - { group: poet, count: 1, host: b, restart: always, state: container }
`;

function plan() {
  const parsed = parseProfile(yaml, "demo.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return planTopology(parsed.profile, {
    experimentId: "demo-abc123",
    genesisMs: 1_000,
    subnetPrefix: "10.210",
    bridgeName: "rbdeadbeef",
    imageTag: "rebound-standin:0123456789ab",
  });
}

const configOf = (env: Record<string, string>) => JSON.parse(env.REBOUND_CONFIG!) as StandinConfig;

describe("planTopology", () => {
  it("plans one sandbox daemon per host with the profile's daemon options", () => {
    const { hosts } = plan();
    expect(hosts.map((h) => [h.key, h.sandbox.name, h.sandbox.options])).toEqual([
      ["a", "demo.a", { liveRestore: true, shutdownTimeout: 15 }],
      ["b", "demo.b", { liveRestore: false, shutdownTimeout: 10 }],
    ]);
  });

  it("puts every host's network on the shared bridge with its own address range", () => {
    const { hosts, bridge } = plan();
    expect(bridge).toEqual({ name: "rbdeadbeef", gatewayCidr: "10.210.0.1/16" });
    expect(hosts.map((h) => [h.network.bridge, h.network.subnet, h.network.ipRange])).toEqual([
      ["rbdeadbeef", "10.210.0.0/16", "10.210.1.0/24"],
      ["rbdeadbeef", "10.210.0.0/16", "10.210.2.0/24"],
    ]);
  });

  it("names containers by profile, group and index and gives each a fixed address in its host's range", () => {
    const { containers } = plan();
    expect(containers.map((c) => [c.spec.name, c.host, c.spec.ip])).toEqual([
      ["demo-big-0", "a", "10.210.1.10"],
      ["demo-big-1", "a", "10.210.1.11"],
      ["demo-small-0", "b", "10.210.2.10"],
      ["demo-poet-0", "b", "10.210.2.11"],
    ]);
  });

  it("keeps the restart policy and places state as the profile says", () => {
    const { containers } = plan();
    expect(containers.map((c) => [c.spec.restart, c.spec.data.kind, c.volume?.name])).toEqual([
      ["no", "volume", "demo-big-0-data"],
      ["no", "volume", "demo-big-1-data"],
      ["unless-stopped", "tmpfs", undefined],
      ["always", "container", undefined],
    ]);
  });

  it("labels every object with rebound, the profile, the experiment and the member's host, role and group", () => {
    const { containers, hosts } = plan();
    expect(containers[2]!.spec.labels).toEqual({
      [LABEL.managed]: "true",
      [LABEL.profile]: "demo",
      [LABEL.experiment]: "demo-abc123",
      [LABEL.host]: "b",
      [LABEL.role]: "smesher",
      [LABEL.group]: "small",
    });
    expect(containers[0]!.volume?.labels[LABEL.experiment]).toBe("demo-abc123");
    expect(hosts[1]!.network.labels[LABEL.profile]).toBe("demo");
  });

  it("hands each stand-in its peers by address, the PoETs, the clock and exact thresholds", () => {
    const config = configOf(plan().containers[0]!.spec.env);
    expect(config.peers).toEqual([
      { id: "demo-big-1", address: "10.210.1.11:8080" },
      { id: "demo-small-0", address: "10.210.2.10:8080" },
    ]);
    expect(config.poets).toEqual([{ id: "demo-poet-0", address: "10.210.2.11:8080" }]);
    expect(config.genesisSet).toEqual([
      { id: "demo-big-0", units: 30 },
      { id: "demo-big-1", units: 30 },
      { id: "demo-small-0", units: 10 },
    ]);
    expect(config.clock).toEqual({ genesisMs: 1_000, layerMs: 500, layersPerEpoch: 6 });
    expect(config.consensus.hareThreshold).toEqual([1, 2]);
    expect(config.consensus.tortoiseThreshold).toEqual([1, 3]);
  });

  it("gives a PoET no weight and a healthcheck that calls the stand-in's /healthz program", () => {
    const poet = plan().containers[3]!;
    expect(configOf(poet.spec.env)).toMatchObject({ role: "poet", units: 0 });
    expect(poet.spec.healthcheck.test).toEqual(["CMD", "/usr/bin/node", "/app/standins/healthcheck.js"]);
  });
});
