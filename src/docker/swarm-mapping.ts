// Translation between rebound's service and overlay specs and the Swarm API's JSON shapes.
import { toHealthcheck } from "./dockerode-mapping.js";
import type { OverlaySpec, ServiceSpec } from "./specs.js";
import type { SwarmTask } from "./swarm.js";

const NS_PER_MS = 1_000_000;

/** POST /services/create's body: one replica, in the spelling `docker service create` sends. */
export function toServiceBody(spec: ServiceSpec): Record<string, unknown> {
  const mounts =
    spec.data.kind === "volume"
      ? [{ Type: "volume", Source: spec.data.volume, Target: spec.data.target, VolumeOptions: { Labels: spec.labels } }]
      : spec.data.kind === "tmpfs"
        ? [{ Type: "tmpfs", Target: spec.data.target, TmpfsOptions: { SizeBytes: 64 * 1024 * 1024 } }]
        : [];
  return {
    Name: spec.name,
    Labels: spec.labels,
    TaskTemplate: {
      ContainerSpec: {
        Image: spec.image,
        Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
        Labels: spec.labels,
        Mounts: mounts,
        StopGracePeriod: spec.stopGracePeriodSeconds * 1000 * NS_PER_MS,
        Healthcheck: toHealthcheck(spec.healthcheck),
      },
      RestartPolicy: {
        Condition: spec.restartPolicy.condition,
        Delay: spec.restartPolicy.delayMs * NS_PER_MS,
        MaxAttempts: spec.restartPolicy.maxAttempts,
        Window: spec.restartPolicy.windowMs * NS_PER_MS,
      },
      Placement: { Constraints: spec.constraints },
      Networks: [{ Target: spec.network, Aliases: [spec.name] }],
      LogDriver: { Name: "json-file", Options: { "max-size": "1m", "max-file": "2" } },
    },
    Mode: { Replicated: { Replicas: 1 } },
    // dnsrr: no virtual IP, so no IPVS (this kernel has none); host mode: the port opens on the task's own node.
    EndpointSpec: {
      Mode: "dnsrr",
      Ports: [{ Protocol: "tcp", TargetPort: spec.targetPort, PublishedPort: spec.publishedPort, PublishMode: "host" }],
    },
  };
}

export function toOverlayBody(spec: OverlaySpec): Record<string, unknown> {
  return {
    Name: spec.name,
    Driver: "overlay",
    Attachable: true,
    CheckDuplicate: true,
    Labels: spec.labels,
    IPAM: { Driver: "default", Config: [{ Subnet: spec.subnet }] },
  };
}

interface ApiTask {
  ID: string;
  Slot?: number;
  NodeID?: string;
  DesiredState: string;
  CreatedAt: string;
  Status: { State: string; Timestamp: string; Err?: string; ContainerStatus?: { ContainerID?: string; ExitCode?: number } };
}

export function toSwarmTask(task: ApiTask): SwarmTask {
  return {
    id: task.ID,
    slot: task.Slot ?? 0,
    nodeId: task.NodeID ?? "",
    desiredState: task.DesiredState,
    state: task.Status.State,
    since: task.Status.Timestamp,
    createdAt: task.CreatedAt,
    error: task.Status.Err ?? "",
    containerId: task.Status.ContainerStatus?.ContainerID ?? "",
  };
}
