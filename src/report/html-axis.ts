// The shared time axis of the HTML timeline's drawings: scale, ticks in seconds, fault bands and phase marks.
import type { FaultWindow } from "../timeline/facts.js";
import type { TimelineEvent } from "../timeline/events.js";
import { escapeHtml } from "./escape.js";
import { at } from "./format.js";

export interface Frame {
  /** Where t = 0 is drawn, in SVG units. */
  left: number;
  width: number;
  /** The last time on the axis, ms since the run started. */
  end: number;
}

export const VIEW_WIDTH = 1200;

export const xOf = (frame: Frame, t: number) => +(frame.left + (Math.min(Math.max(t, 0), frame.end) / frame.end) * frame.width).toFixed(1);

const STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

/** Round-second ticks, about a dozen whatever the run's length. */
export function ticks(end: number): number[] {
  const stepS = STEPS_S.find((s) => (end / 1000) / s <= 12) ?? 7200;
  const out: number[] = [];
  for (let t = 0; t <= end; t += stepS * 1000) out.push(t);
  return out;
}

export function axis(frame: Frame, top: number, bottom: number): string {
  return ticks(frame.end)
    .map((t) => {
      const x = xOf(frame, t);
      return `<line class="grid" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"/><text class="tick" x="${x}" y="${bottom + 14}" text-anchor="middle">${Math.round(t / 1000)} s</text>`;
    })
    .join("");
}

/** An instant fault (a kill) still gets a visible band. */
const MIN_BAND = 3;

export function faultBands(faults: FaultWindow[], frame: Frame, top: number, bottom: number, cls: string): string {
  return faults
    .map((fault) => {
      const x = xOf(frame, fault.beginT);
      const width = Math.max(MIN_BAND, xOf(frame, fault.endT) - x);
      const title = `${fault.id} ${fault.kind}: ${at(fault.beginT)} - ${at(fault.endT)}${fault.error ? ` (failed: ${fault.error})` : ""}`;
      return `<rect class="${cls}" data-fault="${escapeHtml(fault.id)}" x="${x}" y="${top}" width="${width.toFixed(1)}" height="${bottom - top}"><title>${escapeHtml(title)}</title></rect>`;
    })
    .join("");
}

/** Fault names above the lanes, staggered over a few rows so neighbours do not overprint each other. */
export const LABEL_ROWS = 3;

export function faultLabels(faults: FaultWindow[], frame: Frame, top: number): string {
  return faults
    .map((fault, i) => {
      const y = top + 12 + (i % LABEL_ROWS) * 13;
      return `<text class="fault-label" x="${xOf(frame, fault.beginT) + 2}" y="${y}">${escapeHtml(`${fault.id} ${fault.kind}`)}</text>`;
    })
    .join("");
}

/** The run's phases (steady state reached, method, observation) as dashed marks. */
export function phaseMarks(timeline: TimelineEvent[], frame: Frame, top: number, bottom: number): string {
  return timeline
    .filter((e): e is Extract<TimelineEvent, { kind: "phase" }> => e.kind === "phase")
    .map((e) => {
      const x = xOf(frame, e.t);
      const title = `${e.phase}${e.detail ? `: ${e.detail}` : ""} at ${at(e.t)}`;
      return `<line class="phase" x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"><title>${escapeHtml(title)}</title></line>`;
    })
    .join("");
}
