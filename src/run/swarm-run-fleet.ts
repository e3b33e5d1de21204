// A swarm fleet in the shape `run` drives: its nodes as the fleet's hosts, and each member where its task runs,
// reached at its node's address and published port, its restart policy Swarm's ("swarm:any").
import { recordHosts } from "../fleet/sandbox-hosts.js";
import type { ObservedMember } from "../observe/observer.js";
import type { Profile } from "../profile/schema.js";
import type { Fleet, UpOptions, UpResult } from "./bring-up.js";
import { bringUpSwarm } from "./swarm-bring-up.js";

export async function bringUpSwarmForRun(profile: Profile, profilePath: string, options: UpOptions): Promise<Fleet & { result: UpResult }> {
  const swarm = await bringUpSwarm(profile, profilePath, options);
  const hosts = await recordHosts(swarm.record);
  const addressOf = (key: string) => hosts.find((host) => host.key === key)?.nodeAddress;
  const containers = swarm.topology.containers.map((container) => {
    const service = swarm.plan.services.find((s) => s.spec.name === container.spec.name)!;
    const host = swarm.placedOn.get(service.spec.name) ?? container.host;
    return {
      ...container,
      host,
      spec: { ...container.spec, restart: `swarm:${service.spec.restartPolicy.condition}`, ip: `${addressOf(host)}:${service.spec.publishedPort}` },
    };
  });
  return { profile, record: swarm.record, plan: { ...swarm.topology, containers }, hosts, result: swarm.result };
}

/** What the observer asks: each member where its task was placed, and every node at the member's published port. */
export function swarmMembers(fleet: Fleet): ObservedMember[] {
  return fleet.plan.containers.map((c) => {
    const port = c.spec.ip.slice(c.spec.ip.lastIndexOf(":") + 1); // "address:port", as bringUpSwarmForRun wrote it
    const elsewhere = fleet.hosts.flatMap((h) => (h.nodeAddress ? [`${h.nodeAddress}:${port}`] : []));
    return { name: c.spec.name, host: c.host, ip: c.spec.ip, elsewhere };
  });
}
