// What a fault or a command may do to a Docker daemon, whoever runs it (sandbox, systemd, a custom command).
// The run side sees daemons only through this interface, so tests can put an in-memory daemon in its place.

export interface DaemonStatus {
  name: string;
  running: boolean;
  pid?: number;
  /** Docker endpoint, e.g. unix:///run/rebound/…/docker.sock */
  endpoint: string;
}

export interface DaemonController {
  readonly name: string;
  readonly endpoint: string;
  /** Starts the daemon and resolves once its API answers a ping. Starting a running daemon is a no-op. */
  start(): Promise<void>;
  /** SIGTERM, then waits (bounded) until the daemon has exited and released its pidfile. */
  stop(): Promise<void>;
  /** SIGKILL: a crash. Containerd, shims and containers stay behind, as they do in the field. */
  kill(): Promise<void>;
  status(): Promise<DaemonStatus>;
  /** The containerd this daemon supervises; undefined when it uses one it does not own (the system's). */
  containerdPid(): Promise<number | undefined>;
  /** The containerd shims of this daemon's containers: a power loss takes them too. */
  shimPids(): Promise<number[]>;
  /**
   * What the last start had to do beyond starting, for the fault's log (a systemd unit found failed at its start
   * limit and reset); cleared by reading. Daemons that never need more leave it out.
   */
  takeStartNotice?(): string | undefined;
}
