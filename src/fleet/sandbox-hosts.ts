// Fleet hosts made of sandbox daemons on this machine: the only place that joins a sandbox controller to a
// dockerode engine and the local process table.
import { localProcesses } from "../daemon/host-processes.js";
import { SandboxDaemon } from "../daemon/sandbox-daemon.js";
import { loadSandbox } from "../daemon/sandbox-registry.js";
import { DockerodeEngine } from "../docker/dockerode-engine.js";
import type { ExperimentRecord } from "../experiment/record.js";
import type { TopologyPlan } from "../topology/plan.js";
import type { FleetHost, HostResolver } from "./hosts.js";

const hostOf = (key: string, daemon: SandboxDaemon): FleetHost => ({
  key,
  daemon,
  engine: new DockerodeEngine(daemon.endpoint),
  processes: localProcesses,
});

export function fleetHosts(plan: TopologyPlan): FleetHost[] {
  return plan.hosts.map((host) => hostOf(host.key, new SandboxDaemon(host.sandbox)));
}

/** Hosts of a record, for commands that run without the profile file (status, down by name). */
export async function recordHosts(record: ExperimentRecord): Promise<FleetHost[]> {
  const hosts: FleetHost[] = [];
  for (const name of record.sandboxes) {
    const daemon = await loadSandbox(name);
    if (daemon) hosts.push(hostOf(daemon.spec.owner?.host ?? name, daemon));
  }
  return hosts;
}

/** A sandbox daemon named in a journal, for `recover`; undefined once it has been removed. */
export const sandboxHost: HostResolver = async (name) => {
  const daemon = await loadSandbox(name);
  return daemon && hostOf(daemon.spec.owner?.host ?? name, daemon);
};
