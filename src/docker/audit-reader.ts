// Read-only Docker access for `rebound audit`: every container with its full inspect, /info + /version, and on
// a Swarm manager its services' specs, on unix://, tcp:// (with TLS) and ssh:// endpoints, resolved as the docker CLI does. It never changes anything.
import Docker from "dockerode";
import { environmentError, ReboundError } from "../errors.js";
import { dockerOptions, resolveEndpoint, type ResolvedEndpoint } from "./endpoint.js";
import { tlsFailure } from "./tls.js";
import { mapLimit } from "../util/map-limit.js";

export interface ContainerFacts {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  status: string;
  exitCode: number;
  oomKilled: boolean;
  restartCount: number;
  restartPolicy: { name: string; maxRetries: number };
  mounts: { type: string; name?: string; source: string; destination: string; rw: boolean }[];
  /** HostConfig.Tmpfs targets (docker run --tmpfs). */
  tmpfs: string[];
  /** Config.Volumes: the VOLUME paths the image declares, where its author says data lives. */
  declaredVolumes: string[];
  healthcheck?: { test: string[]; intervalNs: number };
  stopTimeout?: number;
}

export interface DaemonFacts {
  endpoint: string;
  name: string;
  serverVersion: string;
  apiVersion: string;
  liveRestore: boolean;
  swarm: string;
  /** Swarm.ControlAvailable: a manager, whose API answers for the swarm's services. */
  manager?: boolean;
}

/**
 * A service as GET /services answers it (docker service inspect), reduced to what the audit reads; durations
 * are nanoseconds. Swarm leaves out what was never set, so every field may be missing.
 */
export interface ServiceInfo {
  ID: string;
  Spec?: {
    Name?: string;
    Labels?: Record<string, string>;
    Mode?: { Replicated?: object; Global?: object; ReplicatedJob?: object; GlobalJob?: object };
    TaskTemplate?: {
      RestartPolicy?: { Condition?: string; Delay?: number; MaxAttempts?: number; Window?: number };
      ContainerSpec?: { Mounts?: { Type?: string; Source?: string; Target?: string; ReadOnly?: boolean; VolumeOptions?: { DriverConfig?: { Name?: string } } }[] };
      Placement?: { Constraints?: string[] };
    };
  };
}

export interface ContainerFilter {
  /** KEY or KEY=VALUE, as docker ps --filter label=... */
  labels?: string[];
  /** Docker's name filter: a substring or regular expression of the name. */
  names?: string[];
  /** A compose project: label com.docker.compose.project=NAME. */
  project?: string;
}

export interface AuditReader {
  readonly endpoint: string;
  daemon(): Promise<DaemonFacts>;
  containers(filter: ContainerFilter): Promise<ContainerFacts[]>;
  /** Manager only: the swarm's services (the label and name filters apply; a project is a stack's namespace). */
  services?(filter: ContainerFilter): Promise<ServiceInfo[]>;
}

const REQUEST_TIMEOUT_MS = 30_000;

function toFacts(info: Docker.ContainerInspectInfo): ContainerFacts {
  const config = info.Config as Docker.ContainerInspectInfo["Config"] & { StopTimeout?: number; Healthcheck?: { Test?: string[]; Interval?: number } };
  const state = info.State as Docker.ContainerInspectInfo["State"] & { OOMKilled?: boolean };
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ""),
    image: config.Image,
    labels: config.Labels ?? {},
    status: state.Status,
    exitCode: state.ExitCode,
    oomKilled: Boolean(state.OOMKilled),
    restartCount: info.RestartCount,
    restartPolicy: { name: info.HostConfig.RestartPolicy?.Name ?? "", maxRetries: info.HostConfig.RestartPolicy?.MaximumRetryCount ?? 0 },
    mounts: (info.Mounts ?? []).map((m) => ({ type: m.Type, name: m.Name, source: m.Source, destination: m.Destination, rw: m.RW })),
    tmpfs: Object.keys((info.HostConfig as { Tmpfs?: Record<string, string> }).Tmpfs ?? {}),
    declaredVolumes: Object.keys(config.Volumes ?? {}),
    healthcheck: config.Healthcheck?.Test ? { test: config.Healthcheck.Test, intervalNs: config.Healthcheck.Interval ?? 0 } : undefined,
    stopTimeout: typeof config.StopTimeout === "number" ? config.StopTimeout : undefined,
  };
}

export class DockerodeAuditReader implements AuditReader {
  private readonly docker: Docker;
  readonly endpoint: string;
  readonly resolved: ResolvedEndpoint;

  /** A string is an explicit endpoint, as -H gives it (the environment's TLS applies, as docker's does). */
  constructor(endpoint: string | ResolvedEndpoint, env: NodeJS.ProcessEnv = process.env) {
    this.resolved = typeof endpoint === "string" ? resolveEndpoint({ host: endpoint }, env) : endpoint;
    this.endpoint = this.resolved.url;
    this.docker = new Docker(dockerOptions(this.resolved, REQUEST_TIMEOUT_MS));
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      // The ssh agent's own errors (host key, auth) already say what and where; a TLS failure names the CA file.
      if (error instanceof ReboundError) throw error;
      const tls = tlsFailure(this.endpoint, this.resolved.kind === "tcp" ? this.resolved.tls : undefined, error);
      if (tls) throw tls;
      throw environmentError(`Docker endpoint ${this.endpoint} does not answer (${what}): ${(error as Error).message}`, "is the daemon running, and is the endpoint right? (-H unix:///PATH, tcp://HOST:PORT, ssh://HOST, or --context NAME)");
    }
  }

  async daemon(): Promise<DaemonFacts> {
    const [info, version] = await this.call("/info", () => Promise.all([this.docker.info(), this.docker.version()]));
    return {
      endpoint: this.endpoint,
      name: info.Name,
      serverVersion: version.Version,
      apiVersion: version.ApiVersion,
      liveRestore: Boolean(info.LiveRestoreEnabled),
      swarm: info.Swarm?.LocalNodeState ?? "inactive",
      manager: Boolean(info.Swarm?.ControlAvailable),
    };
  }

  async containers(filter: ContainerFilter): Promise<ContainerFacts[]> {
    const label = [...(filter.labels ?? []), ...(filter.project ? [`com.docker.compose.project=${filter.project}`] : [])];
    const filters: Record<string, string[]> = {};
    if (label.length > 0) filters.label = label;
    if (filter.names && filter.names.length > 0) filters.name = filter.names;
    const summaries = await this.call("list containers", () => this.docker.listContainers({ all: true, filters }));
    // A container removed between list and inspect is simply gone: not an error.
    const inspected = await mapLimit(summaries, 16, (s) =>
      this.docker.getContainer(s.Id).inspect().catch((error: { statusCode?: number; message: string }) => {
        if (error.statusCode === 404) return undefined;
        if (error instanceof ReboundError) throw error;
        throw environmentError(`Docker endpoint ${this.endpoint}: inspect ${s.Id.slice(0, 12)} failed: ${error.message}`);
      }),
    );
    return inspected.filter((info): info is Docker.ContainerInspectInfo => info !== undefined).map(toFacts).sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  }

  async services(filter: ContainerFilter): Promise<ServiceInfo[]> {
    const label = [...(filter.labels ?? []), ...(filter.project ? [`com.docker.stack.namespace=${filter.project}`] : [])];
    const filters: Record<string, string[]> = {};
    if (label.length > 0) filters.label = label;
    if (filter.names && filter.names.length > 0) filters.name = filter.names;
    const list = await this.call("list services", () => this.docker.listServices({ filters }));
    return (list as ServiceInfo[]).sort((a, b) => (a.Spec?.Name ?? a.ID).localeCompare(b.Spec?.Name ?? b.ID, "en", { numeric: true }));
  }
}
