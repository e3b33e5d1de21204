// orchestrator: swarm: its keys and rules, and members planned as services that find each other by name.
import { describe, expect, it } from "vitest";
import { parseProfile } from "../../src/profile/load.js";
import { LABEL } from "../../src/docker/labels.js";
import { planTopology } from "../../src/topology/plan.js";
import { FIRST_PUBLISHED_PORT, planSwarm } from "../../src/topology/swarm-plan.js";
import { toServiceBody } from "../../src/docker/swarm-mapping.js";
import type { StandinConfig } from "../../src/standins/config.js";

const swarmYaml = `
name: sw
orchestrator: swarm
hosts:
  a: {}
  b: { role: worker }
  c: {}
smeshers:
  - { group: pinned, count: 2, units: 30, host: a, deploy: { restartPolicy: { condition: on-failure, delay: 2, maxAttempts: 3, window: 10 } } }
  - { group: loose, count: 1, units: 10, host: b, deploy: { pinned: false } }
poets:
  - { group: poet, count: 1, host: c }
`;

function load(text: string) {
  const parsed = parseProfile(text, "sw.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join("\n"));
  return parsed.profile;
}

function errorsOf(text: string): string[] {
  const parsed = parseProfile(text, "sw.yaml");
  return parsed.ok ? [] : parsed.errors.map((e) => e.message);
}

function plan() {
  const profile = load(swarmYaml);
  const topology = planTopology(profile, { experimentId: "sw-1", genesisMs: 1_000, subnetPrefix: "10.211", bridgeName: "rbfeed", imageTag: "rebound-standin:x" });
  return planSwarm(profile, topology, "sha256:abc");
}

describe("planSwarm", () => {
  it("makes every host a node in its own namespace, the first one manager unless a host says otherwise", () => {
    const { nodes } = plan();
    expect(nodes.map((n) => [n.key, n.role, n.node.address])).toEqual([
      ["a", "manager", "10.211.0.11"],
      ["b", "worker", "10.211.0.12"],
      ["c", "worker", "10.211.0.13"],
    ]);
    expect(new Set(nodes.map((n) => n.node.netns)).size).toBe(3);
  });

  it("plans one service per member, by image ID, on the overlay, with peers and PoETs addressed by service name", () => {
    const { services, overlay } = plan();
    expect(services.map((s) => s.spec.name)).toEqual(["sw-pinned-0", "sw-pinned-1", "sw-loose-0", "sw-poet-0"]);
    expect(overlay).toMatchObject({ name: "sw-overlay", subnet: "10.211.240.0/21" });
    for (const s of services) {
      expect(s.spec.image).toBe("sha256:abc");
      expect(s.spec.network).toBe("sw-overlay");
      const config = JSON.parse(s.spec.env.REBOUND_CONFIG!) as StandinConfig;
      expect(config).toEqual(s.config);
      for (const peer of [...config.peers, ...config.poets]) expect(peer.address).toBe(`${peer.id}:8080`);
    }
    expect(services[0]!.config.peers.map((p) => p.id)).toEqual(["sw-pinned-1", "sw-loose-0"]);
    expect(services.map((s) => s.spec.publishedPort)).toEqual([0, 1, 2, 3].map((i) => FIRST_PUBLISHED_PORT + i));
  });

  it("takes the restart policy and placement from deploy:, with Swarm's defaults (any, 5 s, pinned) otherwise", () => {
    const { services } = plan();
    const [pinned, , loose, poet] = services;
    expect(pinned!.spec.restartPolicy).toEqual({ condition: "on-failure", delayMs: 2000, maxAttempts: 3, windowMs: 10_000 });
    expect(pinned!.spec.constraints).toEqual([`node.labels.${LABEL.host}==a`]);
    expect(loose!.spec.constraints).toEqual([]);
    expect(poet!.spec.restartPolicy).toEqual({ condition: "any", delayMs: 5000, maxAttempts: 0, windowMs: 0 });
    expect(poet!.spec.constraints).toEqual([`node.labels.${LABEL.host}==c`]);
    // Node-local state: the volume stays on the node where the task first ran.
    expect(pinned!.spec.data).toEqual({ kind: "volume", volume: "sw-pinned-0-data", target: "/data" });
  });
});

describe("swarm rules", () => {
  it("accepts the swarm profile", () => {
    expect(errorsOf(swarmYaml)).toEqual([]);
  });

  it("refuses swarm keys without orchestrator: swarm", () => {
    const text = swarmYaml.replace("orchestrator: swarm\n", "");
    expect(errorsOf(text)).toEqual([
      expect.stringContaining("role: is a swarm node's role; it needs orchestrator: swarm"),
      expect.stringContaining("deploy: is how Swarm runs a member; it needs orchestrator: swarm"),
      expect.stringContaining("deploy: is how Swarm runs a member; it needs orchestrator: swarm"),
    ]);
  });

  it("refuses live-restore on a node, an existing engine as a node, a swarm without a manager, and unknown conditions", () => {
    expect(errorsOf(swarmYaml.replace("  a: {}", "  a: { liveRestore: true }"))).toEqual([expect.stringContaining("dockerd refuses live-restore in swarm mode")]);
    expect(errorsOf(swarmYaml.replace("  c: {}", "  c: { endpoint: unix:///var/run/docker.sock }"))).toEqual([expect.stringContaining("a swarm node must be a sandbox daemon")]);
    expect(errorsOf(swarmYaml.replace("  a: {}", "  a: { role: worker }").replace("  c: {}", "  c: { role: worker }"))).toEqual([expect.stringContaining("a swarm needs a manager")]);
    // A host that says nothing manages when none says manager.
    expect(errorsOf(swarmYaml.replace("  a: {}", "  a: { role: worker }"))).toEqual([]);
    expect(errorsOf(swarmYaml.replace("condition: on-failure", "condition: always"))[0]).toMatch(/none.*on-failure.*any/);
  });

  it("refuses a container or network fault on a swarm, at the fault, and takes a node's daemon faults", () => {
    const withMethod = (fault: string) => `${swarmYaml}method:\n  - { fault: ${fault}, target: { host: a }, at: { after: 1 } }\n`;
    expect(errorsOf(withMethod("kill"))).toEqual([expect.stringMatching(/^kill is a container fault; on a swarm fleet rebound injects a node's daemon and host faults/)]);
    expect(errorsOf(withMethod("partition"))).toEqual([expect.stringContaining("partition is a network fault")]);
    expect(errorsOf(withMethod("daemon-crash"))).toEqual([]);
  });
});

describe("toServiceBody", () => {
  it("asks for one replica by image ID, Swarm's restart policy in nanoseconds, dnsrr and a host-mode port", () => {
    const service = plan().services[2]!;
    const body = toServiceBody(service.spec) as {
      Mode: unknown;
      EndpointSpec: unknown;
      TaskTemplate: { ContainerSpec: { Image: string; Mounts: unknown[]; Labels: Record<string, string> }; RestartPolicy: unknown; Placement: unknown; Networks: unknown };
    };
    expect(body.Mode).toEqual({ Replicated: { Replicas: 1 } });
    expect(body.EndpointSpec).toEqual({ Mode: "dnsrr", Ports: [{ Protocol: "tcp", TargetPort: 8080, PublishedPort: FIRST_PUBLISHED_PORT + 2, PublishMode: "host" }] });
    expect(body.TaskTemplate.ContainerSpec.Image).toBe("sha256:abc");
    expect(body.TaskTemplate.ContainerSpec.Labels[LABEL.publishedPort]).toBe(String(FIRST_PUBLISHED_PORT + 2));
    expect(body.TaskTemplate.RestartPolicy).toEqual({ Condition: "any", Delay: 5_000_000_000, MaxAttempts: 0, Window: 0 });
    expect(body.TaskTemplate.Placement).toEqual({ Constraints: [] });
    expect(body.TaskTemplate.Networks).toEqual([{ Target: "sw-overlay", Aliases: ["sw-loose-0"] }]);
    // The volume is made by the node that runs the task, with the experiment's labels, so down finds it.
    expect(body.TaskTemplate.ContainerSpec.Mounts).toEqual([
      { Type: "volume", Source: "sw-loose-0-data", Target: "/data", VolumeOptions: { Labels: service.spec.labels } },
    ]);
  });
});
