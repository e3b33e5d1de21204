// Test support: an in-memory Docker host (FakeHost: daemon, engine and processes over one FakeState), so the
// run side is tested without Docker. The engine answers as dockerode-engine.ts does; every call is logged.
import { constants } from "node:os";
import type { DockerEngine, DockerEvent, Ensured, Removed } from "../../src/docker/engine.js";
import { matchesSelector, type LabelSelector } from "../../src/docker/labels.js";
import type { ContainerSpec, ContainerState } from "../../src/docker/specs.js";
import type { FleetHost } from "../../src/fleet/hosts.js";
import { apiError, exitCodeFor, FakeDaemon, FakeProcesses, FakeState, ZERO_TIME, type FakeContainer } from "./fake-host.js";

export { ZERO_TIME, type FakeContainer } from "./fake-host.js";

/** Docker's kill events carry the signal's number. */
const signalNumber = (name: string) => String(constants.signals[name as NodeJS.Signals] ?? name);

function stateOf(c: FakeContainer): ContainerState {
  const status = c.running ? (c.paused ? "paused" : "running") : c.startedAt === ZERO_TIME ? "created" : "exited";
  const { id, spec, running, paused, pid, exitCode, startedAt, finishedAt, restartCount } = c;
  return { id, name: spec.name, labels: { ...spec.labels }, image: spec.image, status, running, paused, pid, exitCode, startedAt, finishedAt, restartCount, restartPolicy: spec.restart, ip: spec.ip };
}

export class FakeEngine implements DockerEngine {
  constructor(private readonly state: FakeState) {}

  get endpoint(): string {
    return this.state.endpoint;
  }

  /** Logs the call, then fails as an unreachable socket does while the daemon is down. */
  private call(what: string, ...args: unknown[]): void {
    this.state.log(`engine.${what}`, ...args);
    this.state.requireUp();
  }

  /** What the run side never asks of a host: images, networks and volumes are made by `up`, on real Docker. */
  private missing(what: string) {
    return async (): Promise<never> => {
      this.call(what);
      throw new Error(`${what} is not in the fake`);
    };
  }

  readonly version = this.missing("version");
  readonly hasImage = this.missing("hasImage");
  readonly buildImage = this.missing("buildImage");
  readonly exportImage = this.missing("exportImage");
  readonly importImage = this.missing("importImage");
  readonly ensureNetwork = this.missing("ensureNetwork");
  readonly ensureVolume = this.missing("ensureVolume");
  readonly listNetworks = this.missing("listNetworks");
  readonly listVolumes = this.missing("listVolumes");
  readonly removeNetwork = this.missing("removeNetwork");
  readonly removeVolume = this.missing("removeVolume");

  async ping(): Promise<void> {
    this.call("ping");
  }

  async ensureContainer(spec: ContainerSpec): Promise<Ensured> {
    this.call("ensureContainer", spec.name);
    return this.state.find(spec.name) ? "exists" : (this.state.create(spec), "created");
  }

  /** Starting a running container is Docker's 304: nothing to do. */
  async startContainer(nameOrId: string): Promise<void> {
    this.call("startContainer", nameOrId);
    this.state.start(this.state.get(nameOrId), "user");
  }

  async inspectContainer(nameOrId: string): Promise<ContainerState | undefined> {
    this.call("inspectContainer", nameOrId);
    const container = this.state.find(nameOrId);
    return container && stateOf(container);
  }
  async listContainers(selector: LabelSelector): Promise<ContainerState[]> {
    this.call("listContainers", JSON.stringify(selector));
    return [...this.state.containers.values()].filter((c) => matchesSelector(c.spec.labels, selector)).map(stateOf);
  }
  async listOthers(selector: LabelSelector): Promise<ContainerState[]> {
    this.call("listOthers", JSON.stringify(selector));
    return [...this.state.containers.values()].filter((c) => !matchesSelector(c.spec.labels, selector)).map(stateOf);
  }
  /** Through the API: stopped by the user, so the restart policy does not act. */
  async killContainer(nameOrId: string, signal: string): Promise<void> {
    this.call("killContainer", nameOrId, signal);
    const container = this.state.get(nameOrId);
    if (!container.running) throw apiError(409, `Container ${container.id} is not running`);
    container.stoppedByUser = true;
    this.state.emit(container, "kill", { signal: signalNumber(signal) });
    const code = exitCodeFor(container.spec, signal);
    if (code !== undefined) this.state.exit(container, code, "user");
  }

  async stopContainer(nameOrId: string, timeoutSeconds: number): Promise<void> {
    this.call("stopContainer", nameOrId, timeoutSeconds);
    const container = this.state.get(nameOrId);
    if (container.running) this.stop(container);
  }

  /** SIGTERM; a process that ignores it (or is frozen) gets SIGKILL when the timeout ends: exit 137. */
  private stop(container: FakeContainer): void {
    this.state.emit(container, "kill", { signal: signalNumber("SIGTERM") });
    let code = container.paused ? undefined : exitCodeFor(container.spec, "SIGTERM");
    if (code === undefined) this.state.emit(container, "kill", { signal: signalNumber("SIGKILL") });
    this.state.exit(container, code ?? 137, "user");
    this.state.emit(container, "stop");
  }

  async restartContainer(nameOrId: string, timeoutSeconds: number): Promise<void> {
    this.call("restartContainer", nameOrId, timeoutSeconds);
    const container = this.state.get(nameOrId);
    if (container.running) this.stop(container);
    this.state.start(container, "user");
    this.state.emit(container, "restart");
  }

  async pauseContainer(nameOrId: string): Promise<void> {
    this.call("pauseContainer", nameOrId);
    const container = this.state.get(nameOrId);
    if (!container.running || container.paused) throw apiError(409, `Container ${container.id} is ${container.paused ? "already paused" : "not running"}`);
    container.paused = true;
    this.state.emit(container, "pause");
  }

  /** Docker's 409 "not paused" and 404 are tolerated, as the real engine does: unpausing is part of every clean-up. */
  async unpauseContainer(nameOrId: string): Promise<void> {
    this.call("unpauseContainer", nameOrId);
    const container = this.state.find(nameOrId);
    if (!container?.paused) return;
    container.paused = false;
    this.state.emit(container, "unpause");
  }

  /** Resolves when the signal aborts or the daemon goes away, as a closed stream does. */
  async streamEvents(onEvent: (event: DockerEvent) => void, signal: AbortSignal): Promise<void> {
    this.call("streamEvents");
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const close = this.state.subscribe(onEvent, () => {
        signal.removeEventListener("abort", close);
        resolve();
      });
      signal.addEventListener("abort", close, { once: true });
    });
  }

  async removeContainer(id: string): Promise<Removed> {
    this.call("removeContainer", id);
    const container = this.state.find(id);
    if (!container) return "absent";
    if (container.running) {
      this.state.emit(container, "kill", { signal: signalNumber("SIGKILL") });
      this.state.exit(container, 137, "user");
    }
    this.state.containers.delete(container.spec.name);
    this.state.emit(container, "destroy");
    return "removed";
  }
}

/** One failure domain: its daemon, its engine and its process table, over one state. */
export class FakeHost implements FleetHost {
  readonly state: FakeState;
  readonly daemon: FakeDaemon;
  readonly engine: FakeEngine;
  readonly processes: FakeProcesses;
  /** A sandbox rebound started (true) or an existing engine it may not start (false). */
  readonly owned: boolean;

  constructor(readonly key: string, options: { name?: string; calls?: string[]; firstPid?: number; owned?: boolean } = {}) {
    this.owned = options.owned ?? true;
    this.state = new FakeState(key, options.name ?? `fake-${key}`, options.calls ?? [], options.firstPid ?? 1000);
    this.daemon = new FakeDaemon(this.state);
    this.engine = new FakeEngine(this.state);
    this.processes = new FakeProcesses(this.state);
  }

  get calls(): string[] {
    return this.state.calls;
  }

  /** The container as the fake holds it, for assertions; throws when there is none. */
  container(name: string): FakeContainer {
    return this.state.get(name);
  }
}
