// A fleet host as a swarm node: the manager that can change it, and its node ID (found by the io.rebound.host
// label rebound gives every node when it forms the swarm).
import { LABEL } from "../docker/labels.js";
import type { SwarmControl } from "../docker/swarm.js";
import type { FleetHost } from "../fleet/hosts.js";

export interface ManagedNode {
  /** The host whose engine is the manager that answered. */
  manager: FleetHost;
  control: SwarmControl;
  nodeId: string;
}

/** Asks each host whose daemon runs, in order, until a manager answers; throws when none does. */
export async function managedNode(hosts: Iterable<FleetHost>, key: string): Promise<ManagedNode> {
  const tried: string[] = [];
  for (const host of hosts) {
    if (!(await host.daemon.status()).running) continue;
    const control = host.engine.swarm?.();
    const state = await control?.state().catch(() => undefined);
    if (!control || !state?.manager || state.state !== "active") continue;
    tried.push(host.key);
    const node = (await control.nodes()).find((n) => n.labels[LABEL.host] === key);
    if (!node) throw new Error(`no swarm node carries ${LABEL.host}=${key} (asked the manager on ${host.key})`);
    return { manager: host, control, nodeId: node.id };
  }
  throw new Error(`no manager of the swarm answered${tried.length > 0 ? ` (asked ${tried.join(", ")})` : ""}: node ${key} cannot be changed`);
}
