// The layers drawing: the network's verified layer against its current layer, so a stall shows as a widening gap.
import type { FaultWindow } from "../timeline/facts.js";
import { axis, faultBands, VIEW_WIDTH, xOf, type Frame } from "./html-axis.js";
import { answeredPoints, isGap, type SeriesPoint } from "../timeline/network-series.js";

const LEFT = 230;
const TOP = 12;
const PLOT = 200;
const Y_TICKS = 5;

type Series = SeriesPoint[];

export function chartSvg(series: Series, faults: FaultWindow[], end: number): string {
  const frame: Frame = { left: LEFT, width: VIEW_WIDTH - LEFT - 20, end };
  const bottom = TOP + PLOT;
  const points = answeredPoints(series);
  const head = `<svg class="chart" viewBox="0 0 ${VIEW_WIDTH} ${bottom + 24}" width="100%" role="img" aria-label="verified layer against current layer">`;
  if (points.length === 0) {
    return `${head}<text class="tick" x="${LEFT}" y="${TOP + 20}">no smesher answered during the run: no layers to draw</text></svg>`;
  }
  const low = Math.min(0, ...points.map((p) => p.verified));
  const high = Math.max(low + 1, ...points.map((p) => p.current));
  const yOf = (layer: number) => +(bottom - ((layer - low) / (high - low)) * PLOT).toFixed(1);
  return [
    head,
    `<g class="axis">${axis(frame, TOP, bottom)}${yAxis(low, high, yOf)}</g>`,
    `<g class="bands">${faultBands(faults, frame, TOP, bottom, "fault-shade")}</g>`,
    `<path class="current" d="${steps(series, "current", frame, yOf, end)}"/>`,
    `<path class="verified" d="${steps(series, "verified", frame, yOf, end)}"/>`,
    `<text class="legend current-text" x="8" y="${TOP + 12}">— current layer</text>`,
    `<text class="legend verified-text" x="8" y="${TOP + 28}">— verified layer</text>`,
    `</svg>`,
  ].join("\n");
}

function yAxis(low: number, high: number, yOf: (layer: number) => number): string {
  const step = Math.max(1, Math.ceil((high - low) / Y_TICKS));
  const out: string[] = [];
  for (let layer = Math.ceil(low / step) * step; layer <= high; layer += step) {
    const y = yOf(layer);
    out.push(`<line class="grid" x1="${LEFT}" y1="${y}" x2="${VIEW_WIDTH - 20}" y2="${y}"/><text class="tick" x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${layer}</text>`);
  }
  return out.join("");
}

/** A step line: a value holds until the next observation; a gap (no smesher answering) breaks the line. */
function steps(series: Series, key: "current" | "verified", frame: Frame, yOf: (layer: number) => number, end: number): string {
  const parts: string[] = [];
  let open = false;
  for (const point of series) {
    const x = xOf(frame, point.t);
    if (isGap(point)) {
      if (open) parts.push(`H${x}`);
      open = false;
      continue;
    }
    const y = yOf(point[key]);
    parts.push(open ? `H${x}V${y}` : `M${x},${y}`);
    open = true;
  }
  if (open) parts.push(`H${xOf(frame, end)}`);
  return parts.join("");
}
