// A sandbox daemon in a network namespace of its own, for Swarm. A swarm node binds 2377, 7946 and 4789 and
// makes docker_gwbridge and the ingress network in the namespace its dockerd runs in: two nodes in one namespace
// would collide, and either would collide with the user's own Swarm. Each node's namespace is joined to the
// experiment's bridge by a veth pair and holds one address of the experiment's /16, so nodes reach each other
// and rebound reaches every node (and the ports nodes publish) on that bridge.
import { run } from "../util/subprocess.js";
import { bridgeExists } from "./bridge.js";
import { shortHash } from "./paths.js";

export interface NodeNetworkSpec {
  /** /run/netns/<netns>: "rbn-" and a hash of the sandbox's name. */
  netns: string;
  /** The veth end in the root namespace, on the bridge (15 characters at most, as the kernel allows). */
  hostLink: string;
  /** The node's address on the experiment's bridge, e.g. 10.201.0.11. */
  address: string;
  prefixLength: number;
  gateway: string;
  bridge: string;
}

/** Nodes take .0.11 upwards of the experiment's /16: .0.1 is the bridge, members live in .N.10+ (N >= 1). */
export const NODE_FIRST_OCTET = 11;

export function nodeNetwork(sandboxName: string, index: number, bridge: string, subnetPrefix: string): NodeNetworkSpec {
  const hash = shortHash(sandboxName, 10);
  return {
    netns: `rbn-${hash}`,
    hostLink: `rbn${hash}`,
    address: `${subnetPrefix}.0.${NODE_FIRST_OCTET + index - 1}`,
    prefixLength: 16,
    gateway: `${subnetPrefix}.0.1`,
    bridge,
  };
}

const ip = (args: string[]) => run("ip", args, { timeoutMs: 10_000 });
const inNs = (spec: NodeNetworkSpec, args: string[]) => ip(["-n", spec.netns, ...args]);
/** The namespace's end of the pair: named the same inside every namespace, as a host's first NIC would be. */
const NS_LINK = "eth0";

async function netnsExists(name: string): Promise<boolean> {
  return (await ip(["netns", "list"])).split("\n").some((line) => line.split(" ")[0] === name);
}

async function linkExists(name: string): Promise<boolean> {
  return ip(["link", "show", "dev", name]).then(
    () => true,
    () => false,
  );
}

/** Idempotent: what exists is kept, what is missing is made. The bridge must exist (ensureBridge). */
export async function ensureNodeNetwork(spec: NodeNetworkSpec): Promise<void> {
  if (!(await bridgeExists(spec.bridge))) throw new Error(`bridge ${spec.bridge} does not exist: ensureBridge first`);
  if (!(await netnsExists(spec.netns))) await ip(["netns", "add", spec.netns]);
  if (!(await linkExists(spec.hostLink))) await ip(["link", "add", spec.hostLink, "type", "veth", "peer", "name", NS_LINK, "netns", spec.netns]);
  await ip(["link", "set", spec.hostLink, "master", spec.bridge, "up"]);
  const cidr = `${spec.address}/${spec.prefixLength}`;
  if (!(await inNs(spec, ["-o", "addr", "show", "dev", NS_LINK])).includes(` ${cidr} `)) await inNs(spec, ["addr", "add", cidr, "dev", NS_LINK]);
  await inNs(spec, ["link", "set", NS_LINK, "up"]);
  await inNs(spec, ["link", "set", "lo", "up"]);
  if (!(await inNs(spec, ["route", "show", "default"])).includes("default")) await inNs(spec, ["route", "add", "default", "via", spec.gateway]);
  await allowForwardingWithin(spec.bridge);
}

/** Removes the namespace (its end of the pair goes with it, and the other end too). Idempotent. */
export async function removeNodeNetwork(spec: NodeNetworkSpec): Promise<void> {
  if (await netnsExists(spec.netns)) await ip(["netns", "del", spec.netns]);
  // Deleting the namespace takes the pair with it, a moment later: the link may go between the look and the delete.
  if (await linkExists(spec.hostLink)) await ip(["link", "del", spec.hostLink]).catch(async (error: Error) => {
    if (await linkExists(spec.hostLink)) throw error;
  });
}

// With br_netfilter, frames between two ports of one bridge pass the root namespace's FORWARD chain, whose
// policy is DROP once Docker has run. Docker accepts them for the bridges of its own networks; node-to-node
// traffic on the experiment's bridge belongs to no Docker network, so rebound accepts it, for that bridge only.
const forwardRule = (bridge: string) => ["FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT", "-m", "comment", "--comment", `rebound ${bridge}`];

export async function allowForwardingWithin(bridge: string): Promise<void> {
  const present = await run("iptables", ["-w", "-C", ...forwardRule(bridge)], { timeoutMs: 10_000 }).then(
    () => true,
    () => false,
  );
  if (!present) await run("iptables", ["-w", "-I", ...forwardRule(bridge)], { timeoutMs: 10_000 });
}

export async function removeForwardingWithin(bridge: string): Promise<void> {
  // -D removes one copy: remove until none is left (a crashed run may have added it twice).
  for (let i = 0; i < 8; i++) {
    const removed = await run("iptables", ["-w", "-D", ...forwardRule(bridge)], { timeoutMs: 10_000 }).then(
      () => true,
      () => false,
    );
    if (!removed) return;
  }
}
