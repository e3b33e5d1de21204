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
