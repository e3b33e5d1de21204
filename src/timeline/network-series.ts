// The network's verified layer over time, as its reachable smeshers report it: one derivation for the checks
// and the reports. The current layer comes from the run's clock; a moment when no smesher answers is a gap,
// never a guess.
import { layerAt, type RunClock } from "./clock.js";
import type { StandinSnapshot, TimelineEvent } from "./events.js";

export interface LayerPoint {
  t: number;
  current: number;
  /** The best verified layer any reachable smesher reports. */
  verified: number;
}

export interface LayerGap {
  t: number;
  gap: true;
}

export type SeriesPoint = LayerPoint | LayerGap;

export const isGap = (point: SeriesPoint): point is LayerGap => "gap" in point;

/** One point per stand-in observation, from the first smesher answer on. */
export function networkSeries(timeline: TimelineEvent[], clock: RunClock): SeriesPoint[] {
  const latest = new Map<string, StandinSnapshot | null>();
  const points: SeriesPoint[] = [];
  for (const event of timeline) {
    if (event.kind !== "standin") continue;
    latest.set(event.container, event.reachable ? event.status : null);
    const smeshers = [...latest.values()].filter((s): s is StandinSnapshot => s !== null && s.role === "smesher");
    if (smeshers.length === 0) {
      if (points.length > 0) points.push({ t: event.t, gap: true });
      continue;
    }
    points.push({ t: event.t, current: layerAt(clock, event.t), verified: Math.max(...smeshers.map((s) => s.verifiedLayer)) });
  }
  return points;
}

/** The points at which some smesher answered. */
export const answeredPoints = (series: SeriesPoint[]): LayerPoint[] => series.filter((p): p is LayerPoint => !isGap(p));
