// What rebound asks Docker to create, in Docker's terms but free of dockerode: planned by src/topology.

export type Labels = Record<string, string>;

export interface NetworkSpec {
  name: string;
  /** An existing Linux bridge shared by several daemons (com.docker.network.bridge.name). */
  bridge: string;
  subnet: string;
  gateway: string;
  /** The slice of the subnet this daemon hands out, so daemons on one bridge never collide. */
  ipRange: string;
  labels: Labels;
}

export interface VolumeSpec {
  name: string;
  labels: Labels;
}

export type DataMount =
  | { kind: "volume"; volume: string; target: string }
  | { kind: "tmpfs"; target: string }
  | { kind: "container" };

export interface HealthcheckSpec {
  test: string[];
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  retries: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  env: Record<string, string>;
  labels: Labels;
  network: string;
  ip: string;
  /** "no" | "always" | "unless-stopped" | "on-failure[:N]" */
  restart: string;
  data: DataMount;
  healthcheck: HealthcheckSpec;
  stopTimeoutSeconds: number;
}

/** A container as Docker reports it, reduced to what rebound reads. */
export interface ContainerState {
  id: string;
  name: string;
  labels: Labels;
  image: string;
  status: string;
  running: boolean;
  paused: boolean;
  pid: number;
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  restartCount: number;
  restartPolicy: string;
  health?: string;
  ip?: string;
}

/** A Swarm service of one task: a member of a fleet on Docker Swarm, planned by src/topology/swarm-plan.ts. */
export interface ServiceSpec {
  name: string;
  /** An image ID, never a tag: a tag makes Swarm's agent ask a registry first. */
  image: string;
  env: Record<string, string>;
  labels: Labels;
  /** The overlay network the service's task joins; peers reach it there by the service's name. */
  network: string;
  /** Placement constraints, in Swarm's syntax (node.labels.io.rebound.host==team). */
  constraints: string[];
  restartPolicy: { condition: "none" | "on-failure" | "any"; delayMs: number; maxAttempts: number; windowMs: number };
  /** Published in host mode on the node the task runs on: rebound reaches the task at <node address>:<port>. */
  publishedPort: number;
  targetPort: number;
  /** A volume is the node's own: a task that moves to another node finds none of its data there. */
  data: DataMount;
  healthcheck: HealthcheckSpec;
  stopGracePeriodSeconds: number;
}

export interface OverlaySpec {
  name: string;
  subnet: string;
  labels: Labels;
}
