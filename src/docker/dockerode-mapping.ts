// Translation between rebound's specs and the Docker API's JSON shapes.
import type Docker from "dockerode";
import type { ContainerSpec, ContainerState, HealthcheckSpec } from "./specs.js";

const NS_PER_MS = 1_000_000;

export function restartPolicyOf(policy: string): { Name: string; MaximumRetryCount?: number } {
  const [name, retries] = policy.split(":");
  return retries === undefined ? { Name: name ?? "no" } : { Name: name ?? "on-failure", MaximumRetryCount: Number(retries) };
}

export function describeRestartPolicy(policy: { Name?: string; MaximumRetryCount?: number } | undefined): string {
  const name = policy?.Name || "no";
  return name === "on-failure" && policy?.MaximumRetryCount ? `${name}:${policy.MaximumRetryCount}` : name;
}

/** Docker's healthcheck shape (durations in nanoseconds), for containers and Swarm services alike. */
export function toHealthcheck(check: HealthcheckSpec) {
  return {
    Test: check.test,
    Interval: check.intervalMs * NS_PER_MS,
    Timeout: check.timeoutMs * NS_PER_MS,
    StartPeriod: check.startPeriodMs * NS_PER_MS,
    Retries: check.retries,
  };
}

export function toCreateOptions(spec: ContainerSpec): Docker.ContainerCreateOptions {
  const mounts: Docker.MountConfig = [];
  const tmpfs: Record<string, string> = {};
  if (spec.data.kind === "volume") mounts.push({ Type: "volume", Source: spec.data.volume, Target: spec.data.target });
  if (spec.data.kind === "tmpfs") tmpfs[spec.data.target] = "rw,size=64m";
  return {
    name: spec.name,
    Image: spec.image,
    Env: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    Labels: spec.labels,
    StopTimeout: spec.stopTimeoutSeconds,
    Healthcheck: toHealthcheck(spec.healthcheck),
    HostConfig: {
      RestartPolicy: restartPolicyOf(spec.restart),
      Mounts: mounts,
      Tmpfs: tmpfs,
      NetworkMode: spec.network,
      LogConfig: { Type: "json-file", Config: { "max-size": "1m", "max-file": "2" } },
    },
    NetworkingConfig: {
      EndpointsConfig: { [spec.network]: { IPAMConfig: { IPv4Address: spec.ip } } },
    },
  };
}

export function toContainerState(info: Docker.ContainerInspectInfo): ContainerState {
  const networks = Object.values(info.NetworkSettings?.Networks ?? {});
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ""),
    labels: info.Config.Labels ?? {},
    image: info.Config.Image,
    status: info.State.Status,
    running: info.State.Running,
    paused: info.State.Paused,
    pid: info.State.Pid,
    exitCode: info.State.ExitCode,
    startedAt: info.State.StartedAt,
    finishedAt: info.State.FinishedAt,
    restartCount: info.RestartCount,
    restartPolicy: describeRestartPolicy(info.HostConfig.RestartPolicy),
    health: info.State.Health?.Status,
    ip: networks.find((network) => network.IPAddress)?.IPAddress || undefined,
  };
}
