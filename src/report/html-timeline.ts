// What the HTML timeline draws, derived from the run's timeline: each container's state over time, and the layers.
import type { MemberFact } from "../timeline/facts.js";
import type { TimelineEvent } from "../timeline/events.js";
import { networkSeries, type SeriesPoint } from "../timeline/network-series.js";
import type { RunResult } from "../run/result.js";

export type LaneState = "running" | "unhealthy" | "paused" | "down" | "unknown";
export interface Span {
  from: number;
  to: number;
  state: LaneState;
}
export interface Lane {
  member: MemberFact;
  spans: Span[];
}

interface Seen {
  docker: "running" | "down" | "paused" | "unknown";
  health?: string;
  answering?: boolean;
  daemonUp: boolean;
}

type Change = { t: number; apply: (seen: Seen) => void };

/** Where the time axis ends: observation's end, or the last event if anything came later. */
export function axisEnd(result: RunResult): number {
  const last = result.timeline.reduce((max, e) => Math.max(max, e.t), 0);
  return Math.max(result.endT, last, ...result.faults.map((f) => f.endT), 1);
}

function shown(seen: Seen): LaneState {
  if (seen.docker === "down") return "down";
  if (seen.docker === "paused") return "paused";
  if (seen.docker === "running") {
    // Docker still believes it runs, but its daemon is gone and it does not answer: killed with the host.
    if (seen.answering === false && !seen.daemonUp) return "down";
    return seen.health === "unhealthy" || seen.answering === false ? "unhealthy" : "running";
  }
  if (seen.answering === true) return "running";
  return seen.answering === false ? "down" : "unknown";
}

const DOCKER: Record<string, (seen: Seen) => void> = {
  start: (s) => Object.assign(s, { docker: "running", health: "starting" }),
  restart: (s) => Object.assign(s, { docker: "running", health: "starting" }),
  unpause: (s) => Object.assign(s, { docker: "running" }),
  pause: (s) => Object.assign(s, { docker: "paused" }),
  die: (s) => Object.assign(s, { docker: "down", health: undefined }),
  stop: (s) => Object.assign(s, { docker: "down", health: undefined }),
  destroy: (s) => Object.assign(s, { docker: "down", health: undefined }),
  create: (s) => Object.assign(s, { docker: "down", health: undefined }),
  "health_status: healthy": (s) => Object.assign(s, { health: "healthy" }),
  "health_status: unhealthy": (s) => Object.assign(s, { health: "unhealthy" }),
};

/**
 * A reconcile after the daemon came back reports the container's StartedAt and FinishedAt: the events the
 * stream missed while the daemon was down are put back at those times.
 */
function reconciled(event: Extract<TimelineEvent, { kind: "reconcile" }>, startWallMs: number): Change[] {
  const changes: Change[] = [];
  const finished = Date.parse(event.finishedAt) - startWallMs;
  const started = Date.parse(event.startedAt) - startWallMs;
  if (Number.isFinite(finished) && finished >= 0 && finished < event.t) changes.push({ t: finished, apply: DOCKER.die! });
  if (event.running && Number.isFinite(started) && started >= 0 && started < event.t && !(finished > started)) {
    changes.push({ t: started, apply: DOCKER.start! });
  }
  changes.push({ t: event.t, apply: (s) => Object.assign(s, { docker: event.running ? "running" : "down", health: event.health }) });
  return changes;
}

function changesFor(result: RunResult, member: MemberFact): Change[] {
  const changes: Change[] = [];
  for (const event of result.timeline) {
    if (event.kind === "docker" && event.managed && event.container === member.name && DOCKER[event.action]) {
      changes.push({ t: event.t, apply: DOCKER[event.action]! });
    } else if (event.kind === "reconcile" && event.container === member.name) {
      changes.push(...reconciled(event, result.clock.runStartWallMs));
    } else if (event.kind === "standin" && event.container === member.name) {
      changes.push({ t: event.t, apply: (s) => (s.answering = event.reachable) });
    } else if (event.kind === "daemon" && event.host === member.host) {
      changes.push({ t: event.t, apply: (s) => (s.daemonUp = event.state === "up") });
    }
  }
  // Stable: events at the same time keep the order the observer recorded them in.
  return changes.sort((a, b) => a.t - b.t);
}

export function lanes(result: RunResult): Lane[] {
  const end = axisEnd(result);
  const members = [...result.members].sort((a, b) => a.host.localeCompare(b.host) || a.name.localeCompare(b.name));
  return members.map((member) => {
    const seen: Seen = { docker: "unknown", daemonUp: true };
    const marks: { t: number; state: LaneState }[] = [{ t: 0, state: "unknown" }];
    for (const change of changesFor(result, member)) {
      change.apply(seen);
      const state = shown(seen);
      const last = marks[marks.length - 1]!;
      if (state === last.state) continue;
      const t = Math.min(Math.max(change.t, 0), end);
      if (t > last.t) marks.push({ t, state });
      else if (marks.length > 1 && marks[marks.length - 2]!.state === state) marks.pop();
      else last.state = state;
    }
    return { member, spans: marks.map((m, i) => ({ from: m.t, to: marks[i + 1]?.t ?? end, state: m.state })) };
  });
}

/** The layers drawing's data: the network's verified layer against the clock's, with gaps when no smesher answers. */
export const layerSeries = (result: RunResult): SeriesPoint[] => networkSeries(result.timeline, result.clock);
