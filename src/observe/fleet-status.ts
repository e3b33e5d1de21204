// An experiment's live state: each container as Docker reports it, next to the stand-in's own view.
import type { ExperimentRecord } from "../experiment/record.js";
import { fetchStatus } from "./standin-client.js";
import type { ContainerState } from "../docker/specs.js";
import { LABEL } from "../docker/labels.js";
import type { StandinStatus } from "../standins/status.js";
import { networkView, type NetworkView } from "./network-view.js";
import { recordHosts } from "../fleet/sandbox-hosts.js";

export interface ContainerRow {
  name: string;
  host: string;
  role: string;
  state: string;
  exitCode: number;
  restartPolicy: string;
  restartCount: number;
  startedAt: string;
  health: string;
  ip?: string;
  standin?: Pick<StandinStatus, "starts" | "phase" | "currentLayer" | "verifiedLayer" | "postInits" | "peersReachable" | "peersTotal" | "key">;
}

export interface ExperimentStatus {
  profile: string;
  experimentId: string;
  network?: NetworkView;
  hosts: { key: string; sandbox: string; endpoint: string; running: boolean }[];
  containers: ContainerRow[];
}

export async function experimentStatus(record: ExperimentRecord): Promise<ExperimentStatus> {
  const hosts = await recordHosts(record);
  const result: ExperimentStatus = { profile: record.profile, experimentId: record.experimentId, hosts: [], containers: [] };
  const statuses: StandinStatus[] = [];
  for (const host of hosts) {
    const daemon = await host.daemon.status();
    result.hosts.push({ key: host.key, sandbox: host.daemon.name, endpoint: daemon.endpoint, running: daemon.running });
    if (!daemon.running) continue;
    const containers = await host.engine.listContainers({ profile: record.profile });
    result.containers.push(...(await Promise.all(containers.map((c) => row(host.key, c, statuses, reachableAt(c, host.nodeAddress))))));
  }
  result.network = networkView(statuses);
  result.containers.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  return result;
}

/** Where rebound reaches a stand-in: a swarm task at its node's published port (its overlay IP is the swarm's own). */
function reachableAt(container: ContainerState, nodeAddress: string | undefined): string | undefined {
  const port = container.labels[LABEL.publishedPort];
  return nodeAddress !== undefined && port !== undefined ? `${nodeAddress}:${port}` : container.ip;
}

async function row(host: string, container: ContainerState, statuses: StandinStatus[], address: string | undefined): Promise<ContainerRow> {
  const standin = container.running && address ? await fetchStatus(address) : undefined;
  if (standin) statuses.push(standin);
  return {
    name: container.name,
    host,
    role: container.labels[LABEL.role] ?? "?",
    state: container.paused ? "paused" : container.status,
    exitCode: container.exitCode,
    // A swarm task's container never restarts itself: its service's condition starts a new task instead.
    restartPolicy: container.labels[LABEL.swarmRestart] !== undefined ? `swarm:${container.labels[LABEL.swarmRestart]}` : container.restartPolicy,
    restartCount: container.restartCount,
    startedAt: container.startedAt,
    health: container.health ?? "none",
    ip: container.ip,
    standin: standin && {
      starts: standin.starts,
      phase: standin.phase,
      currentLayer: standin.currentLayer,
      verifiedLayer: standin.verifiedLayer,
      postInits: standin.postInits,
      peersReachable: standin.peersReachable,
      peersTotal: standin.peersTotal,
      key: standin.key,
    },
  };
}
