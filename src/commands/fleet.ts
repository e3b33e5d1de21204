// The pieces every fleet command needs: a profile's record, its sandbox daemons and their Docker engines.
import { SandboxDaemon } from "../daemon/sandbox-daemon.js";
import { loadSandbox } from "../daemon/sandbox-registry.js";
import { DockerodeEngine } from "../docker/dockerode-engine.js";
import type { DockerEngine } from "../docker/engine.js";
import type { ExperimentRecord } from "../experiment/record.js";
import type { Profile } from "../profile/schema.js";
import type { TopologyPlan } from "../topology/plan.js";
import { planTopology } from "../topology/plan.js";

export interface FleetHost {
  key: string;
  daemon: SandboxDaemon;
  engine: DockerEngine;
}

export function fleetHosts(plan: TopologyPlan): FleetHost[] {
  return plan.hosts.map((host) => {
    const daemon = new SandboxDaemon(host.sandbox);
    return { key: host.key, daemon, engine: new DockerodeEngine(daemon.endpoint) };
  });
}

export function planFor(profile: Profile, record: ExperimentRecord, imageTag: string): TopologyPlan {
  return planTopology(profile, {
    experimentId: record.experimentId,
    genesisMs: record.genesisMs,
    subnetPrefix: record.subnetPrefix,
    bridgeName: record.bridgeName,
    imageTag,
  });
}

/** Hosts of a record, for commands that run without the profile file (status, down by name). */
export async function recordHosts(record: ExperimentRecord): Promise<FleetHost[]> {
  const hosts: FleetHost[] = [];
  for (const name of record.sandboxes) {
    const daemon = await loadSandbox(name);
    if (daemon) hosts.push({ key: daemon.spec.owner?.host ?? name, daemon, engine: new DockerodeEngine(daemon.endpoint) });
  }
  return hosts;
}
