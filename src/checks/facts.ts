// Pure helpers over a run's facts: layers and times, container lifecycles, the network's verified layer.
import { isJudgedBy } from "../faults/catalog.js";
import type { TimelineEvent } from "../timeline/events.js";
import type { FaultWindow } from "../timeline/facts.js";
import type { CheckName } from "../timeline/check-names.js";
import { layerAt } from "../timeline/clock.js";
import { answeredPoints, isGap, networkSeries, type LayerPoint } from "../timeline/network-series.js";
import type { RunFacts } from "./types.js";

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The run's faults that the fault catalogue says this check judges. */
export const faultsJudgedBy = (facts: RunFacts, check: CheckName): FaultWindow[] => facts.faults.filter((f) => isJudgedBy(f.kind, check));

type DockerEvent = Extract<TimelineEvent, { kind: "docker" }>;
type StandinEvent = Extract<TimelineEvent, { kind: "standin" }>;

export function dockerEvents(facts: RunFacts, container: string): DockerEvent[] {
  return facts.timeline.filter((e): e is DockerEvent => e.kind === "docker" && e.managed && e.container === container);
}

export function standinEvents(facts: RunFacts, container: string): StandinEvent[] {
  return facts.timeline.filter((e): e is StandinEvent => e.kind === "standin" && e.container === container);
}

/** Went down during [from, to]: a die event (or a reconcile that found it stopped, or started anew). */
export function wentDown(facts: RunFacts, container: string, from: number, to: number): DockerEvent | undefined {
  const die = dockerEvents(facts, container).find((e) => e.action === "die" && e.t >= from && e.t <= to);
  if (die) return die;
  // The daemon closes its event stream when it stops and restores containers before it serves events again:
  // a die while it was down shows only in what the reconcile read back from inspect (FinishedAt).
  for (const event of facts.timeline) {
    if (event.kind !== "reconcile" || event.container !== container || event.t < from) continue;
    const finished = Date.parse(event.finishedAt) - facts.clock.runStartWallMs;
    if (!(finished >= from && finished <= to)) continue;
    // Docker resets ExitCode when it starts the container again: only one still down keeps it.
    const exitCode = event.running ? undefined : event.exitCode;
    return { kind: "docker", t: finished, host: event.host, container, action: "die", managed: true, exitCode };
  }
  return undefined;
}

/** Running when observation ended, from the last start/die event or reconcile. */
export const runningAtEnd = (facts: RunFacts, container: string): boolean | undefined => runningAt(facts, container, Infinity);

/** Running at time t, from the last start/die event or reconcile at or before it; undefined when nothing was seen. */
export function runningAt(facts: RunFacts, container: string, t: number): boolean | undefined {
  let running: boolean | undefined;
  for (const event of facts.timeline) {
    if (event.t > t) break;
    if (event.kind === "docker" && event.managed && event.container === container) {
      if (event.action === "start" || event.action === "unpause") running = true;
      if (event.action === "die" || event.action === "pause") running = false;
    }
    if (event.kind === "reconcile" && event.container === container) running = event.running;
  }
  return running;
}

/** When the container was seen starting again in (from, to]: a start event, or a reconcile that found it running. */
export function startedIn(facts: RunFacts, container: string, from: number, to: number): number | undefined {
  for (const event of facts.timeline) {
    if (event.t <= from || event.t > to) continue;
    if (event.kind === "docker" && event.managed && event.container === container && event.action === "start") return event.t;
    if (event.kind === "reconcile" && event.container === container && event.running) {
      const started = Date.parse(event.startedAt) - facts.clock.runStartWallMs;
      if (started > from) return Math.min(started, event.t);
    }
  }
  return undefined;
}

/**
 * How the stand-in's previous run ended, as its next start reported it (it persists this itself). The answer must
 * come from a later start than the last one heard at or before t: a poll the dying process answered can be stamped
 * just after the exit, and its record describes the run before.
 */
export function lastExitAfter(facts: RunFacts, container: string, t: number): { kind: "first" | "clean" | "killed"; code?: number; t: number } | undefined {
  let startsBefore = -1;
  for (const e of standinEvents(facts, container)) {
    if (!e.reachable) continue;
    if (e.t <= t) startsBefore = e.status.starts;
    else if (e.status.starts > startsBefore) return e.status.lastExit ? { ...e.status.lastExit, t: e.t } : undefined;
  }
  return undefined;
}

/** How a container's exit was learnt, in words for the evidence; code undefined when nobody saw it. */
export interface SeenExit {
  code: number | undefined;
  source: string;
}

/**
 * The exit of a container that went down: the die event's (or the reconcile's, while it is still down) code, else
 * the stand-in's own record of how its last run ended, read at its first answer before `untilT`. Never a guess.
 */
export function seenExit(facts: RunFacts, container: string, down: { t: number; exitCode?: number }, untilT: number): SeenExit {
  if (down.exitCode !== undefined) return { code: down.exitCode, source: `exit ${down.exitCode}` };
  // Docker resets ExitCode when it starts the container again; the stand-in keeps its own record of how it ended.
  const last = lastExitAfter(facts, container, down.t);
  if (last && last.t <= untilT) {
    if (last.kind === "killed") return { code: 137, source: "killed (the stand-in's record of its last run)" };
    if (last.kind === "clean") return { code: last.code ?? 0, source: `exit ${last.code ?? 0} (the stand-in's record of its clean stop)` };
  }
  return { code: undefined, source: "exit unseen" };
}

/** First Docker health event "healthy" for the container at or after t. */
export function healthyAfter(facts: RunFacts, container: string, t: number): number | undefined {
  return dockerEvents(facts, container).find((e) => e.t >= t && e.action === "health_status: healthy")?.t;
}

/** First time the stand-in answered its /status again at or after t. */
export function answeredAfter(facts: RunFacts, container: string, t: number): number | undefined {
  return standinEvents(facts, container).find((e) => e.t >= t && e.reachable)?.t;
}

/** The network's verified layer over time, at the moments some smesher answered. */
export const verifiedSeries = (facts: RunFacts): LayerPoint[] => answeredPoints(networkSeries(facts.timeline, facts.clock));

/**
 * The network's progress over the whole run, for verdicts: a moment when no smesher answers is a moment without
 * progress (the verified layer stays where it was last seen while the current layer moves on), and a run that ends
 * with no smesher answering is judged at its end, not at the last answer.
 */
export function progressSeries(facts: RunFacts): (LayerPoint & { silent?: true })[] {
  const points: (LayerPoint & { silent?: true })[] = [];
  let last: LayerPoint | undefined;
  for (const point of networkSeries(facts.timeline, facts.clock)) {
    if (!isGap(point)) {
      points.push(point);
      last = point;
    } else if (last) {
      points.push({ t: point.t, current: layerAt(facts.clock, point.t), verified: last.verified, silent: true });
    }
  }
  const final = points.at(-1);
  if (final?.silent && last && facts.endT > final.t) points.push({ t: facts.endT, current: layerAt(facts.clock, facts.endT), verified: last.verified, silent: true });
  return points;
}
