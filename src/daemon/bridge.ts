// The experiment's shared bridge: one LAN that the sandbox daemons of a profile all attach to, so stand-ins on
// different daemons (failure domains) reach each other by address, and the host reaches every stand-in.
import { run } from "../util/subprocess.js";

export interface BridgeSpec {
  name: string;
  /** e.g. "10.201.0.1/16": the gateway address the host holds on the bridge. */
  gatewayCidr: string;
}

interface IpAddrEntry {
  ifname: string;
  addr_info?: { family: string; local: string; prefixlen: number }[];
}

export async function bridgeExists(name: string): Promise<boolean> {
  try {
    await run("ip", ["link", "show", "dev", name], { timeoutMs: 5_000 });
    return true;
  } catch {
    return false;
  }
}

export async function ensureBridge(spec: BridgeSpec): Promise<void> {
  if (!(await bridgeExists(spec.name))) {
    await run("ip", ["link", "add", spec.name, "type", "bridge"], { timeoutMs: 5_000 });
  }
  const addresses = await listAddresses();
  const mine = addresses.find((entry) => entry.ifname === spec.name);
  const cidr = spec.gatewayCidr;
  if (!mine?.addr_info?.some((a) => `${a.local}/${a.prefixlen}` === cidr)) {
    await run("ip", ["addr", "add", cidr, "dev", spec.name], { timeoutMs: 5_000 });
  }
  await run("ip", ["link", "set", spec.name, "up"], { timeoutMs: 5_000 });
}

/** Removes the bridge only when nothing is attached to it any more: a live container keeps it. */
export async function removeBridgeIfUnused(name: string): Promise<"removed" | "absent" | "in-use"> {
  if (!(await bridgeExists(name))) return "absent";
  const attached = await run("ip", ["-o", "link", "show", "master", name], { timeoutMs: 5_000 });
  if (attached.trim() !== "") return "in-use";
  await run("ip", ["link", "del", name], { timeoutMs: 5_000 });
  return "removed";
}

/** IPv4 networks in use on this machine, as "a.b" prefixes of their first two octets. */
export async function usedTwoOctetPrefixes(): Promise<Set<string>> {
  const used = new Set<string>();
  for (const entry of await listAddresses()) {
    for (const info of entry.addr_info ?? []) {
      if (info.family === "inet") used.add(info.local.split(".").slice(0, 2).join("."));
    }
  }
  return used;
}

async function listAddresses(): Promise<IpAddrEntry[]> {
  return JSON.parse(await run("ip", ["-j", "addr", "show"], { timeoutMs: 5_000 })) as IpAddrEntry[];
}
