// Watches an experiment while it runs: Docker events from every host (reconnecting when a daemon goes away,
// then reconciling what it missed from inspect) and the stand-ins' /status, merged into one timeline.
import type { FleetHost } from "../fleet/hosts.js";
import { sleep } from "../daemon/process-info.js";
import { LABEL } from "../docker/labels.js";
import type { StandinStatus } from "../standins/status.js";
import { fetchStatus } from "./standin-client.js";
import { changed, snapshotOf, type StandinSnapshot, type TimelineEvent } from "../timeline/events.js";

export interface ObservedMember {
  name: string;
  host: string;
  ip: string;
  /**
   * Where else it may answer: a swarm member's task can run on any node (unless pinned), publishing its port on
   * that node's address. Asked when the last place it answered does not, the first answer wins.
   */
  elsewhere?: string[];
}

/** Swarm names a task's container "<service>.<slot>.<task id>"; the checks know the member by its service's name. */
const SERVICE_NAME = "com.docker.swarm.service.name";
const memberOf = (container: string, labels: Record<string, string>) => labels[SERVICE_NAME] ?? container;

export interface ObserverOptions {
  experimentId: string;
  pollMs?: number;
  /** How a stand-in's /status is read; tests hand in their own. */
  fetchStatus?: (ip: string, timeoutMs: number) => Promise<StandinStatus | undefined>;
}

export class Observer {
  readonly events: TimelineEvent[] = [];
  readonly startedWallMs = Date.now();
  private readonly startedMono = performance.now();
  private readonly controller = new AbortController();
  private readonly loops: Promise<void>[] = [];
  private readonly latest = new Map<string, StandinSnapshot | null>();
  /** Where each member answered last. */
  private readonly answeredAt = new Map<string, string>();

  constructor(
    private readonly hosts: FleetHost[],
    private readonly members: ObservedMember[],
    private readonly options: ObserverOptions,
  ) {}

  /** Milliseconds since the run started, on a clock that never jumps. */
  now(): number {
    return Math.round(performance.now() - this.startedMono);
  }

  record(event: TimelineEvent): void {
    this.events.push(event);
  }

  /** The last snapshot of each reachable stand-in (null when it did not answer). */
  snapshots(): Map<string, StandinSnapshot | null> {
    return this.latest;
  }

  start(): void {
    for (const host of this.hosts) this.loops.push(this.watchHost(host));
    this.loops.push(this.pollStandins());
  }

  async stop(): Promise<TimelineEvent[]> {
    this.controller.abort();
    await Promise.all(this.loops);
    this.events.sort((a, b) => a.t - b.t);
    return this.events;
  }

  private get stopped(): boolean {
    return this.controller.signal.aborted;
  }

  private async watchHost(host: FleetHost): Promise<void> {
    let up: boolean | undefined;
    while (!this.stopped) {
      const running = (await host.daemon.status()).running;
      if (!running) {
        if (up !== false) this.record({ kind: "daemon", t: this.now(), host: host.key, state: "down" });
        up = false;
        await sleep(200);
        continue;
      }
      if (up !== true) {
        this.record({ kind: "daemon", t: this.now(), host: host.key, state: "up" });
        up = true;
        // The daemon keeps no event history across its own restart: what happened meanwhile is read back.
        await this.reconcile(host).catch(() => undefined);
      }
      await host.engine
        .streamEvents((event) => {
          this.record({
            kind: "docker",
            t: Math.max(0, event.timeMs - this.startedWallMs),
            host: host.key,
            container: memberOf(event.container, event.labels),
            action: event.action,
            managed: event.labels[LABEL.experiment] === this.options.experimentId,
            exitCode: event.exitCode,
          });
        }, this.controller.signal)
        .catch(() => undefined);
      // The stream ends when the daemon goes away (or the run does). A daemon can be back before the loop
      // looks again (a crash and restart take well under a second), so a closed stream counts as down:
      // the next pass then reconciles what the stream could not tell.
      if (this.stopped) break;
      this.record({ kind: "daemon", t: this.now(), host: host.key, state: "down" });
      up = false;
      await sleep(100);
    }
  }

  private async reconcile(host: FleetHost): Promise<void> {
    for (const state of await host.engine.listContainers({ experiment: this.options.experimentId })) {
      this.record({
        kind: "reconcile",
        t: this.now(),
        host: host.key,
        container: memberOf(state.name, state.labels),
        running: state.running,
        startedAt: state.startedAt,
        finishedAt: state.finishedAt,
        exitCode: state.exitCode,
        restartCount: state.restartCount,
        health: state.health,
      });
    }
  }

  private async pollStandins(): Promise<void> {
    const pollMs = this.options.pollMs ?? 500;
    while (!this.stopped) {
      const started = performance.now();
      await Promise.all(this.members.map((member) => this.pollOne(member, Math.min(pollMs, 800))));
      await sleep(Math.max(0, pollMs - (performance.now() - started)));
    }
  }

  private async pollOne(member: ObservedMember, timeoutMs: number): Promise<void> {
    const status = await this.locate(member, timeoutMs);
    const t = this.now();
    const previous = this.latest.get(member.name);
    if (!status) {
      if (previous !== null) this.record({ kind: "standin", t, container: member.name, reachable: false });
      this.latest.set(member.name, null);
      return;
    }
    const snapshot = snapshotOf(status);
    if (previous === null || changed(previous, snapshot)) {
      this.record({ kind: "standin", t, container: member.name, reachable: true, status: snapshot });
    }
    this.latest.set(member.name, snapshot);
  }

  private async locate(member: ObservedMember, timeoutMs: number): Promise<StandinStatus | undefined> {
    const fetch = this.options.fetchStatus ?? fetchStatus;
    const last = this.answeredAt.get(member.name) ?? member.ip;
    const status = await fetch(last, timeoutMs);
    if (status || !member.elsewhere) return status;
    const others = [member.ip, ...member.elsewhere].filter((address, i, all) => address !== last && all.indexOf(address) === i);
    const answers = await Promise.all(others.map((address) => fetch(address, timeoutMs).then((s) => ({ address, s }))));
    const found = answers.find((a) => a.s !== undefined);
    if (found) this.answeredAt.set(member.name, found.address);
    return found?.s;
  }
}
