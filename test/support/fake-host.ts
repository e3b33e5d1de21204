// Test support: one in-memory Docker host's shared state and Docker's documented lifecycle rules over it
// (restart policies, stopped by the user, container events, what a daemon stop, crash or start does), with
// the daemon controller and the process table that see it. The engine is in fake-docker.ts.
import { constants } from "node:os";
import type { DaemonController, DaemonStatus } from "../../src/daemon/controller.js";
import type { HostProcesses } from "../../src/daemon/host-processes.js";
import type { DockerEvent } from "../../src/docker/engine.js";
import type { ContainerSpec, ContainerState } from "../../src/docker/specs.js";
import { CONFIG_ENV } from "../../src/standins/config.js";

/** Docker's StartedAt / FinishedAt of a container that never started or never finished. */
export const ZERO_TIME = "0001-01-01T00:00:00Z";

/** The state Docker keeps for a container, in ContainerState's own terms, plus what the fake needs. */
export interface FakeContainer extends Pick<ContainerState, "id" | "running" | "paused" | "pid" | "exitCode" | "startedAt" | "finishedAt" | "restartCount"> {
  spec: ContainerSpec;
  /** Docker's HasBeenManuallyStopped: set by an API kill or stop, cleared by a start. */
  stoppedByUser: boolean;
}

/** An error with Docker's HTTP status, as dockerode raises it. */
export const apiError = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode}) ${message}`), { statusCode });

/** The stand-in's own misbehaviour, from the configuration rebound hands it. */
const ignoresSigterm = (spec: ContainerSpec) => {
  const raw = spec.env[CONFIG_ENV];
  return raw !== undefined && (JSON.parse(raw) as { misbehaviour?: { ignoreSigterm?: boolean } }).misbehaviour?.ignoreSigterm === true;
};

/** A process's exit code after `signal`: the stand-in exits 0 on SIGTERM unless it ignores it (undefined). */
export function exitCodeFor(spec: ContainerSpec, signal: string): number | undefined {
  if (signal === "SIGTERM") return ignoresSigterm(spec) ? undefined : 0;
  return 128 + (constants.signals[signal as NodeJS.Signals] ?? 9);
}

export class FakeState {
  readonly containers = new Map<string, FakeContainer>();
  daemonUp = true;
  daemonPid: number;
  /** Open event streams: each subscriber with what closes its stream. */
  private streams = new Map<(event: DockerEvent) => void, () => void>();
  private nextId = 1;

  constructor(readonly key: string, readonly name: string, readonly calls: string[], private nextPid: number) {
    this.daemonPid = this.newPid();
  }

  newPid(): number {
    return this.nextPid++;
  }

  get endpoint(): string {
    return `unix:///run/rebound/fake/${this.name}/docker.sock`;
  }

  /** Records a call in the log, as "<host> <what>(<args>)". */
  log(what: string, ...args: unknown[]): void {
    this.calls.push(`${this.key} ${what}(${args.join(", ")})`);
  }

  /** The socket is gone while the daemon is down: every API call fails as dockerode's connect does. */
  requireUp(): void {
    if (this.daemonUp) return;
    const path = this.endpoint.replace("unix://", "");
    throw Object.assign(new Error(`connect ENOENT ${path}`), { code: "ENOENT", syscall: "connect", address: path });
  }

  find(nameOrId: string): FakeContainer | undefined {
    return this.containers.get(nameOrId) ?? [...this.containers.values()].find((c) => c.id === nameOrId);
  }

  get(nameOrId: string): FakeContainer {
    const container = this.find(nameOrId);
    if (!container) throw apiError(404, `No such container: ${nameOrId}`);
    return container;
  }

  create(spec: ContainerSpec): FakeContainer {
    const id = `${this.key}${String(this.nextId++).padStart(11, "0")}`;
    const times = { startedAt: ZERO_TIME, finishedAt: ZERO_TIME };
    const container: FakeContainer = { id, spec, running: false, paused: false, pid: 0, exitCode: 0, ...times, restartCount: 0, stoppedByUser: false };
    this.containers.set(spec.name, container);
    return container;
  }

  /** A start by the user or at daemon start-up resets the restart count; a policy restart adds one. */
  start(container: FakeContainer, by: "user" | "policy"): void {
    if (container.paused) throw apiError(409, "cannot start a paused container, try unpause instead");
    if (container.running) return;
    Object.assign(container, { running: true, pid: this.newPid(), exitCode: 0, startedAt: new Date().toISOString(), stoppedByUser: false });
    container.restartCount = by === "policy" ? container.restartCount + 1 : 0;
    this.emit(container, "start");
  }

  /**
   * The main process exits. After a process exit (not the API's, not the daemon's) the restart policy acts at
   * once; with the daemon down nobody sees the exit until the daemon starts and reads it back.
   */
  exit(container: FakeContainer, exitCode: number, cause: "process" | "user" | "daemon"): void {
    Object.assign(container, { running: false, paused: false, pid: 0, exitCode, finishedAt: new Date().toISOString() });
    if (cause === "user") container.stoppedByUser = true;
    this.emit(container, "die", { exitCode });
    if (cause === "process" && this.daemonUp && this.shouldRestart(container)) this.start(container, "policy");
  }

  /** moby's restart manager: always; unless-stopped unless stopped by the user; on-failure on a non-zero exit. */
  shouldRestart(container: FakeContainer): boolean {
    const policy = container.spec.restart;
    if (policy === "always") return true;
    if (policy === "unless-stopped") return !container.stoppedByUser;
    return policy.startsWith("on-failure") && container.exitCode !== 0;
  }

  emit(container: FakeContainer, action: string, extra: { exitCode?: number; signal?: string } = {}): void {
    const event: DockerEvent = { timeMs: Date.now(), action, container: container.spec.name, id: container.id, labels: { ...container.spec.labels }, ...extra };
    for (const onEvent of this.streams.keys()) onEvent(event);
  }

  /** An event stream, open until `close` (the caller's abort) or the daemon goes away. */
  subscribe(onEvent: (event: DockerEvent) => void, done: () => void): () => void {
    const deliver = (event: DockerEvent) => onEvent(event); // one key per stream, even for the same subscriber
    const close = () => void (this.streams.delete(deliver) && done());
    this.streams.set(deliver, close);
    return close;
  }

  get openStreams(): number {
    return this.streams.size;
  }
  closeStreams(): void {
    for (const close of [...this.streams.values()]) close();
  }

  runningWithPid(pid: number): FakeContainer | undefined {
    return [...this.containers.values()].find((c) => c.running && c.pid === pid);
  }
}

/** dockerd as a controller sees it. A stop closes the API (and its event streams) first, then stops every container. */
export class FakeDaemon implements DaemonController {
  constructor(private readonly state: FakeState) {}

  get name(): string {
    return this.state.name;
  }

  get endpoint(): string {
    return this.state.endpoint;
  }

  async start(): Promise<void> {
    this.state.log("daemon.start");
    if (this.state.daemonUp) return;
    this.state.daemonUp = true;
    this.state.daemonPid = this.state.newPid();
    for (const container of this.state.containers.values()) {
      const startedBefore = container.startedAt !== ZERO_TIME;
      if (!container.running && startedBefore && this.state.shouldRestart(container)) this.state.start(container, "user");
    }
  }

  async stop(): Promise<void> {
    this.state.log("daemon.stop");
    if (!this.state.daemonUp) return;
    this.state.closeStreams();
    for (const container of this.state.containers.values()) {
      if (!container.running) continue;
      const code = container.paused ? 137 : (exitCodeFor(container.spec, "SIGTERM") ?? 137);
      this.state.exit(container, code, "daemon");
    }
    this.state.daemonUp = false;
  }

  /** A crash: the streams end, the containers keep running (containerd and the shims stay behind). */
  async kill(): Promise<void> {
    this.state.log("daemon.kill");
    this.state.closeStreams();
    this.state.daemonUp = false;
  }

  async status(): Promise<DaemonStatus> {
    this.state.log("daemon.status");
    const { name, endpoint, daemonUp, daemonPid } = this.state;
    return { name, endpoint, running: daemonUp, pid: daemonUp ? daemonPid : undefined };
  }

  /** Uses a containerd it does not own, so containerd faults leave it alone. */
  async containerdPid(): Promise<number | undefined> {
    this.state.log("daemon.containerdPid");
    return undefined;
  }

  /** The fake's containers have no shims: their processes are the fake process table's. */
  async shimPids(): Promise<number[]> {
    this.state.log("daemon.shimPids");
    return [];
  }
}

/** The host's process table: a signal to a container's PID is its process exiting, as Docker then sees it. */
export class FakeProcesses implements HostProcesses {
  constructor(private readonly state: FakeState) {}

  async signal(pid: number, signal: NodeJS.Signals): Promise<void> {
    this.state.log("processes.signal", pid, signal);
    const container = this.state.runningWithPid(pid);
    const code = container && exitCodeFor(container.spec, signal);
    if (container && code !== undefined) this.state.exit(container, code, "process");
  }

  async isAlive(pid: number): Promise<boolean> {
    this.state.log("processes.isAlive", pid);
    return this.state.runningWithPid(pid) !== undefined || (this.state.daemonUp && pid === this.state.daemonPid);
  }

  async inNetns(pid: number, file: string, args: string[], options: { ifPresent?: boolean } = {}): Promise<void> {
    this.state.log("processes.inNetns", pid, [file, ...args].join(" "));
    if (this.state.runningWithPid(pid) || options.ifPresent) return;
    throw new Error(`nsenter: cannot open /proc/${pid}/ns/net: No such file or directory`);
  }
}
