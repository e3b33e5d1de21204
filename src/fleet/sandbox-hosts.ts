// Fleet hosts of a plan or a record: sandbox daemons on this machine (joined to a dockerode engine and the local
// process table here) and existing engines (src/fleet/existing-hosts.ts).
import { localProcesses } from "../daemon/host-processes.js";
import { SandboxDaemon } from "../daemon/sandbox-daemon.js";
import { loadSandbox } from "../daemon/sandbox-registry.js";
import { DockerodeEngine } from "../docker/dockerode-engine.js";
import { listRecords, type ExperimentRecord } from "../experiment/record.js";
import type { TopologyPlan } from "../topology/plan.js";
import { existingFleetHost, profileDir } from "./existing-hosts.js";
import type { FleetHost, HostResolver } from "./hosts.js";

const hostOf = (key: string, daemon: SandboxDaemon): FleetHost => ({
  key,
  daemon,
  engine: new DockerodeEngine(daemon.endpoint),
  processes: localProcesses,
  owned: true,
  ...(daemon.spec.node ? { nodeAddress: daemon.spec.node.address } : {}),
});

/** The directory a profile's relative files (TLS, ssh keys) are read from. */
export function fleetHosts(plan: TopologyPlan, profilePath: string): FleetHost[] {
  return plan.hosts.map((host) =>
    host.existing ? existingFleetHost(host.key, host.existing, profileDir(profilePath)) : hostOf(host.key, new SandboxDaemon(host.sandbox!)),
  );
}

/** Hosts of a record, for commands that run without the profile file (status, down by name). */
export async function recordHosts(record: ExperimentRecord): Promise<FleetHost[]> {
  const hosts: FleetHost[] = [];
  for (const name of record.sandboxes) {
    const daemon = await loadSandbox(name);
    if (daemon) hosts.push(hostOf(daemon.spec.owner?.host ?? name, daemon));
  }
  for (const existing of record.existing ?? []) hosts.push(existingFleetHost(existing.key, existing.spec, profileDir(record.profilePath)));
  return hosts;
}

/** A daemon named in a journal, for `recover`: a sandbox, or an existing engine an experiment record lists. */
export const sandboxHost: HostResolver = async (name) => {
  const daemon = await loadSandbox(name);
  if (daemon) return hostOf(daemon.spec.owner?.host ?? name, daemon);
  for (const record of await listRecords()) {
    for (const host of await recordHosts({ ...record, sandboxes: [] })) if (host.daemon.name === name) return host;
  }
  return undefined;
};
