// Removes what `up` made for one experiment, found by labels and checked label by label before each removal.
import { removeBridgeIfUnused } from "../daemon/bridge.js";
import { matchesSelector, type LabelSelector } from "../docker/labels.js";
import { deleteRecord, type ExperimentRecord } from "../experiment/record.js";
import { mapLimit } from "../util/map-limit.js";
import type { FleetHost } from "../fleet/hosts.js";
import { leaveSwarm, removeSwarmNodes } from "../fleet/swarm-teardown.js";

export interface TeardownResult {
  profile: string;
  containers: string[];
  networks: number;
  volumes: string[];
  bridge: "removed" | "absent" | "in-use";
}

export async function teardown(
  record: ExperimentRecord,
  hosts: FleetHost[],
  /** onStep: each part removed, as it is done, so a journal can record how far the removal got. */
  options: { volumes: boolean; log?: (line: string) => void; onStep?: (detail: string) => void },
): Promise<TeardownResult> {
  const selector: LabelSelector = { profile: record.profile };
  const result: TeardownResult = { profile: record.profile, containers: [], networks: 0, volumes: [], bridge: "absent" };
  const swarm = record.orchestrator === "swarm";
  // A swarm's services would start their tasks again: they go first, and the swarm with them.
  if (swarm) await leaveSwarm(record, hosts, options.log);
  for (const host of hosts) {
    // A stopped sandbox daemon still holds the experiment's containers; it is ours, so start it to clean it.
    if (host.owned && !(await host.daemon.status()).running) {
      options.log?.(`starting sandbox daemon ${host.daemon.name} to clean it`);
      await host.daemon.start();
    }
    const containers = (await host.engine.listContainers(selector)).filter((c) => matchesSelector(c.labels, selector));
    await mapLimit(containers, 8, async (container) => {
      if ((await host.engine.removeContainer(container.id)) === "removed") result.containers.push(container.name);
    });
    for (const network of await host.engine.listNetworks(selector)) {
      if (matchesSelector(network.labels, selector) && (await host.engine.removeNetwork(network.id)) === "removed") result.networks++;
    }
    if (options.volumes) {
      for (const volume of await host.engine.listVolumes(selector)) {
        if (matchesSelector(volume.labels, selector) && (await host.engine.removeVolume(volume.name)) === "removed") {
          result.volumes.push(volume.name);
        }
      }
    }
    options.onStep?.(`removed the containers, networks${options.volumes ? " and volumes" : ""} on ${host.daemon.name}`);
  }
  // A swarm node's namespace holds its end of the bridge: the nodes stop and their namespaces go first.
  result.bridge = swarm ? await removeSwarmNodes(record, hosts, options.log) : await removeBridgeIfUnused(record.bridgeName);
  options.onStep?.(`bridge ${record.bridgeName}: ${result.bridge}`);
  // Without --volumes the identities survive, so keep the record: the next `up` resumes the same clock.
  if (options.volumes) {
    await deleteRecord(record.profile);
    options.onStep?.(`deleted the experiment record of ${record.profile}`);
  }
  result.containers.sort();
  return result;
}
