// The remote host's network: its own namespace rbt-<name>, joined to the root namespace by a veth pair on 10.254.<index>.0/30.
import { execa } from "execa";

export interface HostNetwork {
  netns: string;
  /** The veth end in the root namespace (10.254.<index>.1/30). */
  hostLink: string;
  /** The veth end inside the namespace (10.254.<index>.2/30): the host's address. */
  nsLink: string;
  hostAddress: string;
  address: string;
}

/** Names and addresses; a veth name holds at most 15 characters, so a host's name at most 11. */
export function hostNetwork(name: string, index: number): HostNetwork {
  if (!/^[a-z][a-z0-9]{0,10}$/.test(name)) throw new Error(`remote host name "${name}": 1-11 lowercase letters and digits, starting with a letter`);
  if (!Number.isInteger(index) || index < 1 || index > 254) throw new Error(`remote host index ${index}: an integer from 1 to 254`);
  return {
    netns: `rbt-${name}`,
    hostLink: `rbt${name}h`,
    nsLink: `rbt${name}n`,
    hostAddress: `10.254.${index}.1`,
    address: `10.254.${index}.2`,
  };
}

const ip = (args: string[]) => execa("ip", args, { reject: false });

/** Refuses, naming the clash, when the namespace, a link name or the /30 is already in use. */
export async function assertNetworkFree(net: HostNetwork): Promise<void> {
  const namespaces = (await ip(["netns", "list"])).stdout.split("\n").map((line) => line.split(" ")[0]);
  if (namespaces.includes(net.netns)) throw new Error(`network namespace ${net.netns} already exists (a remote host left over? \`ip netns del ${net.netns}\`)`);
  for (const link of [net.hostLink, net.nsLink]) {
    if ((await ip(["link", "show", "dev", link])).exitCode === 0) throw new Error(`network link ${link} already exists (\`ip link del ${link}\`)`);
  }
  const prefix = net.hostAddress.replace(/\.1$/, ".");
  const used = `${(await ip(["-4", "addr"])).stdout}\n${(await ip(["-4", "route"])).stdout}`;
  if (used.includes(` ${prefix}`)) throw new Error(`addresses ${prefix}0/30 are already in use on this machine`);
}

async function must(args: string[]): Promise<void> {
  const result = await ip(args);
  if (result.exitCode !== 0) throw new Error(`ip ${args.join(" ")}: ${result.stderr.trim()}`);
}

export async function createNetwork(net: HostNetwork): Promise<void> {
  await must(["netns", "add", net.netns]);
  await must(["link", "add", net.hostLink, "type", "veth", "peer", "name", net.nsLink]);
  await must(["link", "set", net.nsLink, "netns", net.netns]);
  await must(["addr", "add", `${net.hostAddress}/30`, "dev", net.hostLink]);
  await must(["link", "set", net.hostLink, "up"]);
  await must(["-n", net.netns, "addr", "add", `${net.address}/30`, "dev", net.nsLink]);
  await must(["-n", net.netns, "link", "set", net.nsLink, "up"]);
  await must(["-n", net.netns, "link", "set", "lo", "up"]);
}

/** Idempotent: removes whatever part of the network exists (deleting one veth end deletes both). */
export async function removeNetwork(net: HostNetwork): Promise<void> {
  await ip(["link", "del", net.hostLink]);
  await ip(["netns", "del", net.netns]);
}

/** Pids of the processes living in the namespace (sshd and its sessions). */
export async function namespacePids(net: HostNetwork): Promise<number[]> {
  const result = await ip(["netns", "pids", net.netns]);
  return result.exitCode === 0 ? result.stdout.split("\n").filter(Boolean).map(Number) : [];
}
