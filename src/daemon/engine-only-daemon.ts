// An existing engine reached only through its Docker API (unix://, tcp://, a context that is not ssh): rebound
// can ask whether it answers, never stop, kill or start it. Profile rules keep daemon faults off such hosts.
import { environmentError } from "../errors.js";
import type { DaemonController, DaemonStatus } from "./controller.js";

export class EngineOnlyDaemon implements DaemonController {
  constructor(
    readonly endpoint: string,
    private readonly ping: () => Promise<boolean>,
  ) {}

  get name(): string {
    return this.endpoint;
  }

  async status(): Promise<DaemonStatus> {
    return { name: this.name, running: await this.ping(), endpoint: this.endpoint };
  }

  /** Not rebound's to start: it can only find it answering. */
  async start(): Promise<void> {
    if (!(await this.ping())) throw environmentError(`${this.endpoint}: the Docker engine does not answer, and rebound does not start engines it did not start`);
  }

  async stop(): Promise<void> {
    throw this.noControl("stop");
  }

  async kill(): Promise<void> {
    throw this.noControl("kill");
  }

  async containerdPid(): Promise<number | undefined> {
    return undefined;
  }

  async shimPids(): Promise<number[]> {
    return [];
  }

  private noControl(what: string) {
    return environmentError(`${this.endpoint}: rebound cannot ${what} this daemon: it reaches it only through the Docker API (give the host an ssh:// endpoint)`);
  }
}
