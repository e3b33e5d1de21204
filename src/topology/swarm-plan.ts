// Pure planning for orchestrator: swarm: the hosts become Swarm nodes (sandbox daemons, each in a network namespace
// of its own on the experiment's bridge) and every member a service of one task on an overlay network.
import { nodeNetwork, type NodeNetworkSpec } from "../daemon/node-network.js";
import { LABEL } from "../docker/labels.js";
import type { OverlaySpec, ServiceSpec } from "../docker/specs.js";
import type { DeploySpec, Profile } from "../profile/schema.js";
import { deploySchema } from "../profile/schema.js";
import { CONFIG_ENV, STANDIN_PORT, type StandinConfig } from "../standins/config.js";
import type { PlannedContainer, TopologyPlan } from "./plan.js";

export interface PlannedNode {
  key: string;
  role: "manager" | "worker";
  node: NodeNetworkSpec;
}

export interface PlannedService {
  host: string;
  role: PlannedContainer["role"];
  group: string;
  spec: ServiceSpec;
  config: StandinConfig;
}

export interface SwarmPlan {
  nodes: PlannedNode[];
  overlay: OverlaySpec;
  services: PlannedService[];
}

/** Published ports start here, one per member, so a task that moves to another node never collides there. */
export const FIRST_PUBLISHED_PORT = 20_000;

const DEFAULT_DEPLOY: DeploySpec = deploySchema.parse({});

/** The nodes alone: they come up, and the image reaches them, before services can be planned by image ID. */
export function planNodes(profile: Profile, topology: TopologyPlan): PlannedNode[] {
  const hostKeys = Object.keys(profile.hosts);
  const roles = hostKeys.map((key) => {
    const host = profile.hosts[key]!;
    return host.kind === "sandbox" ? host.role : undefined;
  });
  // Without a host that says manager, the first host that says nothing manages (the profile rules need one).
  const defaultManager = roles.includes("manager") ? -1 : roles.indexOf(undefined);
  return topology.hosts.map((host, i): PlannedNode => {
    if (!host.sandbox) throw new Error(`host ${host.key}: a swarm node must be a sandbox daemon`);
    const role = roles[i] ?? (i === defaultManager ? "manager" : "worker");
    return { key: host.key, role, node: nodeNetwork(host.sandbox.name, host.index, topology.bridge.name, subnetPrefixOf(topology)) };
  });
}

/**
 * The same members, configurations and labels as the container plan, as services: a peer is addressed by its
 * service's name (Swarm's DNS on the overlay answers with the task's address, wherever it runs), never by an IP.
 */
export function planSwarm(profile: Profile, topology: TopologyPlan, imageId: string): SwarmPlan {
  const nodes = planNodes(profile, topology);
  const prefix = subnetPrefixOf(topology);
  const labels = Object.fromEntries(Object.entries(topology.hosts[0]?.network.labels ?? {}).filter(([key]) => key !== LABEL.host));
  const overlay: OverlaySpec = { name: `${topology.profile}-overlay`, subnet: `${prefix}.240.0/21`, labels };
  const byName = (name: string) => ({ id: name, address: `${name}:${STANDIN_PORT}` });
  const groups = [...profile.smeshers, ...profile.poets];
  const services = topology.containers.map((container, i): PlannedService => {
    const deploy = groups.find((g) => g.group === container.group)?.deploy ?? DEFAULT_DEPLOY;
    const config: StandinConfig = {
      ...container.config,
      peers: container.config.peers.map((peer) => byName(peer.id)),
      poets: container.config.poets.map((poet) => byName(poet.id)),
    };
    const policy = deploy.restartPolicy;
    const spec: ServiceSpec = {
      name: container.spec.name,
      image: imageId,
      env: { ...container.spec.env, [CONFIG_ENV]: JSON.stringify(config) },
      labels: { ...container.spec.labels, [LABEL.publishedPort]: String(FIRST_PUBLISHED_PORT + i), [LABEL.swarmRestart]: deploy.restartPolicy.condition },
      network: overlay.name,
      constraints: deploy.pinned ? [`node.labels.${LABEL.host}==${container.host}`] : [],
      restartPolicy: { condition: policy.condition, delayMs: policy.delay * 1000, maxAttempts: policy.maxAttempts, windowMs: policy.window * 1000 },
      publishedPort: FIRST_PUBLISHED_PORT + i,
      targetPort: STANDIN_PORT,
      data: container.spec.data,
      healthcheck: container.spec.healthcheck,
      stopGracePeriodSeconds: container.spec.stopTimeoutSeconds,
    };
    return { host: container.host, role: container.role, group: container.group, spec, config };
  });
  return { nodes, overlay, services };
}

/** "10.201" from the bridge's gateway "10.201.0.1/16". */
function subnetPrefixOf(topology: TopologyPlan): string {
  return topology.bridge.gatewayCidr.split(".").slice(0, 2).join(".");
}
