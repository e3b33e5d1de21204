// The Docker engine as rebound uses it. Only src/docker/dockerode-engine.ts implements it: nothing else
// imports dockerode.
import type { SwarmControl } from "./swarm.js";
import type { ContainerSpec, ContainerState, NetworkSpec, VolumeSpec } from "./specs.js";
import type { LabelSelector } from "./labels.js";

/** A container event as the daemon reports it, reduced to what the timeline needs. */
export interface DockerEvent {
  /** Milliseconds since the epoch, from the daemon's timeNano. */
  timeMs: number;
  action: string;
  container: string;
  id: string;
  exitCode?: number;
  signal?: string;
  /** The container's labels, as the event carries them. */
  labels: Record<string, string>;
}

export type Ensured = "created" | "exists";
export type Removed = "removed" | "absent";

export interface DockerEngine {
  /** Swarm membership and, on a manager, services and nodes; absent where a fleet never runs Swarm (fakes). */
  swarm?(): SwarmControl;
  readonly endpoint: string;
  ping(): Promise<void>;
  version(): Promise<{ version: string; apiVersion: string; liveRestore: boolean }>;

  hasImage(tag: string): Promise<boolean>;
  /** Builds from a directory; files are paths relative to it (the Dockerfile among them). */
  buildImage(contextDir: string, files: string[], tag: string): Promise<void>;
  exportImage(tag: string): Promise<NodeJS.ReadableStream>;
  importImage(tar: NodeJS.ReadableStream): Promise<void>;

  ensureNetwork(spec: NetworkSpec): Promise<Ensured>;
  ensureVolume(spec: VolumeSpec): Promise<Ensured>;
  ensureContainer(spec: ContainerSpec): Promise<Ensured>;
  /** Idempotent: a running container is Docker's 304, not an error (it may still be stopping: observe after). */
  startContainer(nameOrId: string): Promise<void>;

  inspectContainer(nameOrId: string): Promise<ContainerState | undefined>;
  listContainers(selector: LabelSelector): Promise<ContainerState[]>;
  /** Containers NOT of this selection (the user's own on a shared engine), to be looked at, never acted on. */
  listOthers(selector: LabelSelector): Promise<ContainerState[]>;
  listNetworks(selector: LabelSelector): Promise<{ id: string; name: string; labels: Record<string, string> }[]>;
  listVolumes(selector: LabelSelector): Promise<{ name: string; labels: Record<string, string> }[]>;

  /** Through the API: Docker then treats the container as stopped by the user and skips its restart policy. */
  killContainer(nameOrId: string, signal: string): Promise<void>;
  stopContainer(nameOrId: string, timeoutSeconds: number): Promise<void>;
  restartContainer(nameOrId: string, timeoutSeconds: number): Promise<void>;
  pauseContainer(nameOrId: string): Promise<void>;
  /** Idempotent: a container that is not paused (or gone) is not an error. */
  unpauseContainer(nameOrId: string): Promise<void>;

  /**
   * Streams the daemon's container events (all of them: containment needs to see the ones that are not ours)
   * until the signal aborts or the daemon closes the stream, as it does when it stops.
   */
  streamEvents(onEvent: (event: DockerEvent) => void, signal: AbortSignal): Promise<void>;

  removeContainer(id: string): Promise<Removed>;
  removeNetwork(id: string): Promise<Removed>;
  removeVolume(name: string): Promise<Removed>;
}
