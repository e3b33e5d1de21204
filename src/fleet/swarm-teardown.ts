// Takes a swarm fleet apart before the usual label-by-label removal: its services go (on a manager), every node
// leaves the swarm; afterwards the nodes' daemons stop and their namespaces, the forwarding rule and the bridge go.
import { removeBridgeIfUnused } from "../daemon/bridge.js";
import { removeForwardingWithin, removeNodeNetwork } from "../daemon/node-network.js";
import { SandboxDaemon } from "../daemon/sandbox-daemon.js";
import { matchesSelector } from "../docker/labels.js";
import type { ExperimentRecord } from "../experiment/record.js";
import type { FleetHost } from "./hosts.js";
import { dissolveSwarm, type SwarmMember } from "./swarm-formation.js";

const controlOf = (host: FleetHost) => host.engine.swarm?.();

/** Removes the experiment's services and dissolves the swarm; returns the services removed. */
export async function leaveSwarm(record: ExperimentRecord, hosts: FleetHost[], log: (line: string) => void = () => {}): Promise<string[]> {
  const members: SwarmMember[] = [];
  for (const host of hosts) {
    if (!host.owned) continue;
    if (!(await host.daemon.status()).running) {
      log(`starting swarm node ${host.daemon.name} to take it out of the swarm`);
      await host.daemon.start();
    }
    const control = controlOf(host);
    if (!control) continue;
    const state = await control.state();
    members.push({ key: host.key, role: state.manager ? "manager" : "worker", address: host.nodeAddress ?? "", control });
  }
  const removed: string[] = [];
  const manager = members.find((m) => m.role === "manager");
  if (manager) {
    for (const service of await manager.control.services({ "io.rebound.profile": record.profile })) {
      // Checked on the service's own labels: a filter the API misread can never widen what is removed.
      if (matchesSelector(service.labels, { profile: record.profile }) && (await manager.control.removeService(service.id)) === "removed") removed.push(service.name);
    }
  }
  await dissolveSwarm(members);
  if (removed.length > 0 || members.length > 0) log(`swarm: ${removed.length} service(s) removed, ${members.length} node(s) left`);
  return removed.sort();
}

/** After the removal: the nodes stop, and what joined them to the bridge goes with them. */
export async function removeSwarmNodes(record: ExperimentRecord, hosts: FleetHost[], log: (line: string) => void = () => {}): Promise<"removed" | "absent" | "in-use"> {
  for (const host of hosts) {
    if (!host.owned || !(host.daemon instanceof SandboxDaemon) || !host.daemon.spec.node) continue;
    if ((await host.daemon.status()).running) {
      log(`stopping swarm node ${host.daemon.name}`);
      await host.daemon.stop();
    }
    await removeNodeNetwork(host.daemon.spec.node);
  }
  const bridge = await removeBridgeIfUnused(record.bridgeName);
  if (bridge !== "in-use") await removeForwardingWithin(record.bridgeName);
  return bridge;
}
