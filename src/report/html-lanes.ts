// The lanes drawing: one row per container, coloured by its state over time, under the fault windows.
import type { FaultWindow } from "../timeline/facts.js";
import type { TimelineEvent } from "../timeline/events.js";
import { escapeHtml } from "./escape.js";
import { at } from "./format.js";
import { axis, faultBands, faultLabels, LABEL_ROWS, phaseMarks, VIEW_WIDTH, xOf, type Frame } from "./html-axis.js";
import type { Lane } from "./html-timeline.js";

const LANE = 18;
const GAP = 5;
const LEFT = 230;
const LABELS = 12 + LABEL_ROWS * 13;

export function lanesSvg(lanes: Lane[], faults: FaultWindow[], timeline: TimelineEvent[], end: number): string {
  const frame: Frame = { left: LEFT, width: VIEW_WIDTH - LEFT - 20, end };
  const top = LABELS;
  const bottom = top + Math.max(1, lanes.length) * (LANE + GAP);
  const height = bottom + 24;
  const rows = lanes.map((lane, i) => laneRow(lane, frame, top + i * (LANE + GAP))).join("\n");
  const empty = lanes.length === 0 ? `<text class="tick" x="${LEFT}" y="${top + 14}">no containers in this run</text>` : "";
  return [
    `<svg class="lanes" viewBox="0 0 ${VIEW_WIDTH} ${height}" width="100%" role="img" aria-label="container states over time">`,
    `<g class="axis">${axis(frame, top, bottom)}</g>`,
    rows,
    empty,
    // Over the lanes, translucent: a band says when, the lanes under it what it did.
    `<g class="bands">${faultBands(faults, frame, top - 2, bottom, "fault-band")}</g>`,
    `<g class="phases">${phaseMarks(timeline, frame, top, bottom)}</g>`,
    `<g class="labels">${faultLabels(faults, frame, 0)}</g>`,
    `</svg>`,
  ].join("\n");
}

function laneRow(lane: Lane, frame: Frame, y: number): string {
  const { member } = lane;
  const spans = lane.spans
    .filter((span) => span.state !== "unknown")
    .map((span) => {
      const x = xOf(frame, span.from);
      const width = Math.max(0.5, xOf(frame, span.to) - x);
      const title = `${member.name}: ${span.state} ${at(span.from)} - ${at(span.to)}`;
      return `<rect class="s-${span.state}" x="${x}" y="${y}" width="${width.toFixed(1)}" height="${LANE}"><title>${escapeHtml(title)}</title></rect>`;
    })
    .join("");
  const detail = `${member.role} on host ${member.host}, restart ${member.restart}, state on ${member.state}`;
  return [
    `<g class="lane" data-container="${escapeHtml(member.name)}">`,
    `<rect class="lane-bg" x="${frame.left}" y="${y}" width="${frame.width}" height="${LANE}"/>`,
    spans,
    `<text class="lane-label" x="${frame.left - 8}" y="${y + LANE - 5}" text-anchor="end">${escapeHtml(member.name)}<title>${escapeHtml(detail)}</title></text>`,
    `<text class="lane-host" x="8" y="${y + LANE - 5}">${escapeHtml(member.host)}</text>`,
    `</g>`,
  ].join("");
}
