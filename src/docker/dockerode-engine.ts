// The dockerode implementation of DockerEngine: the only file that speaks Docker's API.
import Docker from "dockerode";
import { z } from "zod";
import { environmentError, ReboundError } from "../errors.js";
import { parseJsonAs } from "../util/parse-json.js";
import type { DockerEngine, DockerEvent, Ensured, Removed } from "./engine.js";
import { matchesSelector, selectorFilters, type LabelSelector } from "./labels.js";
import { toContainerState, toCreateOptions } from "./dockerode-mapping.js";
import { dockerOptions, resolveEndpoint, type ResolvedEndpoint } from "./endpoint.js";
import { tlsFailure } from "./tls.js";
import type { ContainerSpec, ContainerState, NetworkSpec, VolumeSpec } from "./specs.js";
import type { SwarmControl, SwarmNodeState } from "./swarm.js";
import { toOverlayBody, toServiceBody, toSwarmTask } from "./swarm-mapping.js";

const statusOf = (error: unknown) => (error as { statusCode?: number }).statusCode;

/** 404 on removal and 304 on start mean the work is already done: clean-up stays idempotent. */
async function tolerate<T>(action: () => Promise<T>, codes: number[], fallback: T): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (codes.includes(statusOf(error) ?? 0)) return fallback;
    throw error;
  }
}

/**
 * Daemons on one machine share the iptables chains; two of them changing rules at once (two rebound processes,
 * say) can make one fail. The failed change is rolled back by dockerd, so trying again is safe.
 */
async function retryOnIptablesRace(action: () => Promise<void>, attempts = 4): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await action();
    } catch (error) {
      if (attempt >= attempts || !/iptables/i.test((error as Error).message)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}

/**
 * A connect that failed (socket gone, refused, not ours to open) or a TLS handshake that did not verify: the
 * environment, named by endpoint. A ReboundError (the ssh agent's: host key, auth) passes through as it is.
 */
function unreachable(endpoint: ResolvedEndpoint, what: string, error: unknown): unknown {
  if (error instanceof ReboundError) return error;
  const tls = tlsFailure(endpoint.url, endpoint.kind === "tcp" ? endpoint.tls : undefined, error);
  if (tls) return tls;
  const { syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (syscall !== "connect" && syscall !== "getaddrinfo") return error;
  return environmentError(
    `Docker daemon at ${endpoint.url} cannot be reached (${what}): ${(error as Error).message}`,
    endpoint.source === "flag" && endpoint.kind === "unix" ? "is the sandbox daemon running? rebound engine status lists them" : `is the daemon at ${endpoint.url} running and reachable from here?`,
    error,
  );
}

const rawEventSchema = z.object({
  Action: z.string(),
  id: z.string(),
  timeNano: z.number(),
  Actor: z.object({ Attributes: z.record(z.string(), z.string()).optional() }).optional(),
});
type RawEvent = z.infer<typeof rawEventSchema>;

/** An event line the daemon garbled is no observation; throwing here would escape the stream and kill rebound. */
function parseEvent(line: string): RawEvent | undefined {
  const parsed = parseJsonAs(rawEventSchema, line, "a Docker event");
  return parsed.ok ? parsed.value : undefined;
}

const EVENT_ATTRIBUTES = new Set(["name", "image", "exitCode", "signal", "execID"]);

function toDockerEvent(raw: RawEvent): DockerEvent {
  const attributes = raw.Actor?.Attributes ?? {};
  const labels = Object.fromEntries(Object.entries(attributes).filter(([key]) => !EVENT_ATTRIBUTES.has(key)));
  // health_status arrives as "health_status: healthy"; exec events carry the command after a colon too.
  return {
    timeMs: Math.round(raw.timeNano / 1e6),
    action: raw.Action,
    container: attributes.name ?? raw.id.slice(0, 12),
    id: raw.id,
    exitCode: attributes.exitCode === undefined ? undefined : Number(attributes.exitCode),
    signal: attributes.signal,
    labels,
  };
}

export class DockerodeEngine implements DockerEngine {
  private readonly docker: Docker;

  /** Printable url of the engine (unix://, tcp://, ssh://user@host:port). */
  readonly endpoint: string;
  private readonly resolved: ResolvedEndpoint;

  /** A string is an explicit unix:// endpoint (a sandbox daemon's); anything else comes resolved. */
  constructor(endpoint: string | ResolvedEndpoint) {
    this.resolved = typeof endpoint === "string" ? resolveEndpoint({ host: endpoint }, {}) : endpoint;
    this.endpoint = this.resolved.url;
    this.docker = new Docker(dockerOptions(this.resolved));
  }

  async ping(): Promise<void> {
    try {
      await this.docker.ping();
    } catch (error) {
      const mapped = unreachable(this.resolved, "ping", error);
      if (mapped instanceof ReboundError) throw mapped;
      throw environmentError(`Docker daemon at ${this.endpoint} does not answer: ${(error as Error).message}`);
    }
  }

  /** Every API call goes through here, so an unreachable daemon is an environment error naming its endpoint. */
  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw unreachable(this.resolved, what, error);
    }
  }

  async version() {
    const [version, info] = await this.call("version", () => Promise.all([this.docker.version(), this.docker.info()]));
    return { version: version.Version, apiVersion: version.ApiVersion, liveRestore: Boolean(info.LiveRestoreEnabled) };
  }

  /** This engine as a Swarm node (only DockerodeEngine speaks Swarm; the in-memory fakes do not need to). */
  swarm(): SwarmControl {
    const docker = this.docker;
    const call = <T>(what: string, action: () => Promise<T>) => this.call(what, action);
    const updateNode = async (nodeId: string, change: (spec: Record<string, unknown>) => Record<string, unknown>) => {
      const node = docker.getNode(nodeId);
      const current = (await call("inspect node", () => node.inspect())) as { Version: { Index: number }; Spec: Record<string, unknown> };
      // The version makes the update fail, not overwrite, if the node's spec changed meanwhile.
      await call("update node", () => node.update({ _query: { version: current.Version.Index }, _body: change(current.Spec) }));
    };
    return {
      state: async () => {
        const info = (await call("info", () => docker.info())) as { Swarm?: { LocalNodeState?: string; NodeID?: string; ControlAvailable?: boolean; Error?: string } };
        const swarm = info.Swarm ?? {};
        return { state: (swarm.LocalNodeState || "inactive") as SwarmNodeState, nodeId: swarm.NodeID ?? "", manager: Boolean(swarm.ControlAvailable), error: swarm.Error ?? "" };
      },
      init: async ({ advertiseAddr, listenAddr }) => {
        const id = await call("swarm init", () => docker.swarmInit({ AdvertiseAddr: advertiseAddr, ListenAddr: listenAddr }));
        return String(id).replace(/"/g, "").trim();
      },
      joinToken: async (role) => {
        const swarm = (await call("swarm inspect", () => docker.swarmInspect())) as { JoinTokens: { Worker: string; Manager: string } };
        return role === "manager" ? swarm.JoinTokens.Manager : swarm.JoinTokens.Worker;
      },
      join: async ({ managerAddr, token, advertiseAddr, listenAddr }) => {
        await call("swarm join", () => docker.swarmJoin({ RemoteAddrs: [managerAddr], JoinToken: token, AdvertiseAddr: advertiseAddr, ListenAddr: listenAddr }));
      },
      leave: async (force) => {
        // 503: this node is not part of a swarm: already left.
        await call("swarm leave", () => tolerate(() => docker.swarmLeave({ force }), [503], undefined));
      },
      nodes: async () => {
        const nodes = (await call("list nodes", () => docker.listNodes())) as {
          ID: string;
          Spec: { Role: string; Availability: string; Labels?: Record<string, string> };
          Status: { State: string; Addr?: string };
        }[];
        return nodes.map((n) => ({ id: n.ID, role: n.Spec.Role === "manager" ? "manager" : "worker", status: n.Status.State, availability: n.Spec.Availability, address: n.Status.Addr ?? "", labels: n.Spec.Labels ?? {} }));
      },
      ensureOverlay: async (spec) => {
        const existing = await call("list networks", () => docker.listNetworks({ filters: { name: [spec.name] } }));
        if (existing.some((network) => network.Name === spec.name)) return "exists";
        await call("create overlay network", () => docker.createNetwork(toOverlayBody(spec) as unknown as Docker.NetworkCreateOptions));
        return "created";
      },
      ensureService: async (spec) => {
        const existing = (await call("list services", () => docker.listServices({ filters: { name: [spec.name] } }))) as { Spec?: { Name?: string } }[];
        if (existing.some((service) => service.Spec?.Name === spec.name)) return "exists";
        // No registry credentials: dockerode takes a lone argument as both the spec and the X-Registry-Auth header.
        await call("create service", () => docker.createService(undefined as unknown as Docker.AuthConfig, toServiceBody(spec) as unknown as Docker.CreateServiceOptions));
        return "created";
      },
      services: async (labels) => {
        const filters = { label: Object.entries(labels).map(([key, value]) => `${key}=${value}`) };
        const found = (await call("list services", () => docker.listServices({ filters }))) as { ID: string; Spec?: { Name?: string; Labels?: Record<string, string> } }[];
        return found.map((service) => ({ id: service.ID, name: service.Spec?.Name ?? "", labels: service.Spec?.Labels ?? {} }));
      },
      removeService: async (id) =>
        call("remove service", () => tolerate(async () => (await docker.getService(id).remove(), "removed" as const), [404], "absent" as const)),
      tasks: async (service) => {
        const found = (await call("list tasks", () => docker.listTasks({ filters: { service: [service] } }))) as Parameters<typeof toSwarmTask>[0][];
        return found.map(toSwarmTask).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      },
      labelNode: (nodeId, labels) => updateNode(nodeId, (spec) => ({ ...spec, Labels: { ...((spec.Labels as Record<string, string> | undefined) ?? {}), ...labels } })),
      setAvailability: (nodeId, availability) => updateNode(nodeId, (spec) => ({ ...spec, Availability: availability })),
    };
  }

  /** The image's ID: Swarm services name their image by ID, or its agent asks a registry for the tag first. */
  async imageId(tag: string): Promise<string> {
    return (await this.call("inspect image", () => this.docker.getImage(tag).inspect())).Id;
  }

  async hasImage(tag: string): Promise<boolean> {
    return this.call("inspect image", () => tolerate(async () => (await this.docker.getImage(tag).inspect(), true), [404], false));
  }

  async buildImage(contextDir: string, files: string[], tag: string): Promise<void> {
    const stream = await this.call("build image", () => this.docker.buildImage({ context: contextDir, src: files }, { t: tag }));
    await new Promise<void>((resolve, reject) => {
      this.docker.modem.followProgress(stream, (error: Error | null, output: { error?: string }[]) => {
        const failed = error?.message ?? output.find((entry) => entry.error)?.error;
        if (failed) reject(new Error(`image build ${tag} failed: ${failed}`));
        else resolve();
      });
    });
  }

  async exportImage(tag: string): Promise<NodeJS.ReadableStream> {
    return this.call("export image", () => this.docker.getImage(tag).get());
  }

  async importImage(tar: NodeJS.ReadableStream): Promise<void> {
    const stream = await this.call("load image", () => this.docker.loadImage(tar));
    await new Promise<void>((resolve, reject) =>
      this.docker.modem.followProgress(stream, (error: Error | null) => (error ? reject(error) : resolve())),
    );
  }

  async ensureNetwork(spec: NetworkSpec): Promise<Ensured> {
    const existing = await this.call("list networks", () => this.docker.listNetworks({ filters: { name: [spec.name] } }));
    if (existing.some((network) => network.Name === spec.name)) return "exists";
    await this.call("create network", () => retryOnIptablesRace(() => this.createNetwork(spec)));
    return "created";
  }

  private async createNetwork(spec: NetworkSpec): Promise<void> {
    await this.docker.createNetwork({
      Name: spec.name,
      Driver: "bridge",
      CheckDuplicate: true,
      Labels: spec.labels,
      Options: { "com.docker.network.bridge.name": spec.bridge },
      IPAM: { Driver: "default", Config: [{ Subnet: spec.subnet, Gateway: spec.gateway, IPRange: spec.ipRange }] },
    });
  }

  async ensureVolume(spec: VolumeSpec): Promise<Ensured> {
    const exists = await this.call("inspect volume", () => tolerate(async () => (await this.docker.getVolume(spec.name).inspect(), true), [404], false));
    if (exists) return "exists";
    await this.call("create volume", () => this.docker.createVolume({ Name: spec.name, Labels: spec.labels }));
    return "created";
  }

  async ensureContainer(spec: ContainerSpec): Promise<Ensured> {
    if (await this.inspectContainer(spec.name)) return "exists";
    await this.call("create container", () => this.docker.createContainer(toCreateOptions(spec)));
    return "created";
  }

  async startContainer(nameOrId: string): Promise<void> {
    await this.call("start container", () => tolerate(() => this.docker.getContainer(nameOrId).start(), [304], undefined));
  }

  async inspectContainer(nameOrId: string): Promise<ContainerState | undefined> {
    const info = await this.call("inspect container", () => tolerate(() => this.docker.getContainer(nameOrId).inspect(), [404], undefined));
    return info ? toContainerState(info) : undefined;
  }

  async listContainers(selector: LabelSelector): Promise<ContainerState[]> {
    const summaries = await this.call("list containers", () => this.docker.listContainers({ all: true, filters: { label: selectorFilters(selector) } }));
    const states = await Promise.all(summaries.map((summary) => this.inspectContainer(summary.Id)));
    return states.filter((state): state is ContainerState => state !== undefined);
  }

  async listOthers(selector: LabelSelector): Promise<ContainerState[]> {
    const summaries = await this.call("list containers", () => this.docker.listContainers({ all: true }));
    const others = summaries.filter((summary) => !matchesSelector(summary.Labels, selector));
    const states = await Promise.all(others.map((summary) => this.inspectContainer(summary.Id)));
    return states.filter((state): state is ContainerState => state !== undefined);
  }

  async listNetworks(selector: LabelSelector) {
    const networks = await this.call("list networks", () => this.docker.listNetworks({ filters: { label: selectorFilters(selector) } }));
    return networks.map((network) => ({ id: network.Id, name: network.Name, labels: network.Labels ?? {} }));
  }

  async listVolumes(selector: LabelSelector) {
    const { Volumes } = await this.call("list volumes", () => this.docker.listVolumes({ filters: { label: selectorFilters(selector) } }));
    return (Volumes ?? []).map((volume) => ({ name: volume.Name, labels: volume.Labels ?? {} }));
  }

  async killContainer(nameOrId: string, signal: string): Promise<void> {
    await this.call("kill container", () => this.docker.getContainer(nameOrId).kill({ signal }));
  }

  async stopContainer(nameOrId: string, timeoutSeconds: number): Promise<void> {
    await this.call("stop container", () => tolerate(() => this.docker.getContainer(nameOrId).stop({ t: timeoutSeconds }), [304], undefined));
  }

  async restartContainer(nameOrId: string, timeoutSeconds: number): Promise<void> {
    await this.call("restart container", () => this.docker.getContainer(nameOrId).restart({ t: timeoutSeconds }));
  }

  async pauseContainer(nameOrId: string): Promise<void> {
    await this.call("pause container", () => this.docker.getContainer(nameOrId).pause());
  }

  async unpauseContainer(nameOrId: string): Promise<void> {
    // 409 "not paused" (and dockerd 20.10's 500 "is not paused"): unpausing is part of every clean-up, so it
    // must be safe to repeat. Callers that need it done observe the state afterwards.
    await this.call("unpause container", async () => {
      try {
        await tolerate(() => this.docker.getContainer(nameOrId).unpause(), [409, 404], undefined);
      } catch (error) {
        if (statusOf(error) !== 500 || !/is not paused/i.test((error as Error).message)) throw error;
      }
    });
  }

  async streamEvents(onEvent: (event: DockerEvent) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const stream = (await this.call("stream events", () => this.docker.getEvents({ filters: { type: ["container"] } }))) as NodeJS.ReadableStream & { destroy(): void };
    // Aborted while the stream was being opened: the abort event has fired already and would never reach it.
    if (signal.aborted) return stream.destroy();
    await new Promise<void>((resolve) => {
      const stop = () => stream.destroy();
      signal.addEventListener("abort", stop, { once: true });
      let buffer = "";
      stream.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline).trim();
          buffer = buffer.slice(newline + 1);
          const raw = line ? parseEvent(line) : undefined;
          if (raw) onEvent(toDockerEvent(raw));
        }
      });
      const finish = () => {
        signal.removeEventListener("abort", stop);
        resolve();
      };
      stream.on("end", finish);
      stream.on("close", finish);
      stream.on("error", finish);
    });
  }

  async removeContainer(id: string): Promise<Removed> {
    return this.call("remove container", () => tolerate(async () => (await this.docker.getContainer(id).remove({ force: true }), "removed" as const), [404], "absent"));
  }

  async removeNetwork(id: string): Promise<Removed> {
    return this.call("remove network", () => tolerate(async () => (await this.docker.getNetwork(id).remove(), "removed" as const), [404], "absent"));
  }

  async removeVolume(name: string): Promise<Removed> {
    return this.call("remove volume", () => tolerate(async () => (await this.docker.getVolume(name).remove(), "removed" as const), [404], "absent"));
  }
}
