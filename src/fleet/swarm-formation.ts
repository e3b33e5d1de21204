// A profile's sandbox nodes joined into one swarm, and taken out of it again. The first manager inits the swarm
// (or is already in it: formation is idempotent); the others join with the token of their role; every node is
// labelled io.rebound.host=<key>, the name placement constraints use (every node's hostname is the machine's).
import type { SwarmControl, SwarmNode } from "../docker/swarm.js";
import { sleep } from "../daemon/process-info.js";
import { LABEL } from "../docker/labels.js";
import { environmentError } from "../errors.js";

export const HOST_NODE_LABEL = LABEL.host;
export const SWARM_PORT = 2377;

export interface SwarmMember {
  key: string;
  role: "manager" | "worker";
  /** The node's address on the experiment's bridge: it listens and advertises there. */
  address: string;
  control: SwarmControl;
}

export interface FormedSwarm {
  /** Node ID per member key. */
  nodeIds: Map<string, string>;
  nodes: SwarmNode[];
}

export async function formSwarm(members: SwarmMember[], options: { onStep?: (line: string) => void; timeoutMs?: number } = {}): Promise<FormedSwarm> {
  const first = members.find((m) => m.role === "manager");
  if (!first) throw new Error("a swarm needs a manager");
  const step = options.onStep ?? (() => undefined);
  const listen = (m: SwarmMember) => ({ advertiseAddr: m.address, listenAddr: `${m.address}:${SWARM_PORT}` });

  const nodeIds = new Map<string, string>();
  const firstState = await first.control.state();
  if (firstState.state === "inactive") {
    step(`swarm init on ${first.key} (${first.address})`);
    nodeIds.set(first.key, await first.control.init(listen(first)));
  } else if (firstState.state === "active" && firstState.manager) {
    nodeIds.set(first.key, firstState.nodeId);
  } else {
    throw environmentError(`swarm node ${first.key}: ${firstState.state}${firstState.error ? ` (${firstState.error})` : ""}, not a manager rebound can use`, "rebound down --volumes removes the swarm's state");
  }
  const managerAddr = `${first.address}:${SWARM_PORT}`;
  for (const member of members.filter((m) => m !== first)) {
    const state = await member.control.state();
    if (state.state === "inactive") {
      step(`${member.key} joins as ${member.role}`);
      await member.control.join({ managerAddr, token: await first.control.joinToken(member.role), ...listen(member) });
    }
    const joined = await member.control.state();
    if (joined.state !== "active") throw environmentError(`swarm node ${member.key} did not join: ${joined.state}${joined.error ? ` (${joined.error})` : ""}`);
    nodeIds.set(member.key, joined.nodeId);
  }

  // Every node the managers list, ready, and labelled with its host's key.
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const nodes = await first.control.nodes();
    const missing = [...nodeIds].filter(([, id]) => !nodes.some((n) => n.id === id && n.status === "ready"));
    if (missing.length === 0) {
      for (const [key, id] of nodeIds) {
        if (nodes.find((n) => n.id === id)!.labels[HOST_NODE_LABEL] !== key) await first.control.labelNode(id, { [HOST_NODE_LABEL]: key });
      }
      return { nodeIds, nodes: await first.control.nodes() };
    }
    if (Date.now() > deadline) throw environmentError(`swarm nodes not ready after ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s: ${missing.map(([key]) => key).join(", ")}`);
    await sleep(250);
  }
}

/** Every node leaves (workers first; the last manager with force). A node in no swarm is fine. */
export async function dissolveSwarm(members: SwarmMember[]): Promise<void> {
  const ordered = [...members.filter((m) => m.role === "worker"), ...members.filter((m) => m.role === "manager")];
  for (const member of ordered) await member.control.leave(true);
}
