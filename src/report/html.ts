// The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the run's timeline.
import type { RunResult } from "../run/result.js";
import { escapeHtml as h } from "./escape.js";
import { at, counts, duration, evidenceLine, faultHit, faultWhen, outcomeWords, predictionGap, READING_LABEL, reading } from "./format.js";
import { chartSvg } from "./html-chart.js";
import { lanesSvg } from "./html-lanes.js";
import { STYLE } from "./html-style.js";
import { axisEnd, lanes, layerSeries } from "./html-timeline.js";

export function formatHtml(result: RunResult): string {
  const words = outcomeWords(result);
  const end = axisEnd(result);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(`rebound: ${result.profile} ${words.word}`)}</title>
<style>${STYLE}</style>
</head>
<body>
${header(result)}
<h2>Timeline</h2>
<p class="dim">Seconds since the run started. Shaded bands are the faults; dashed lines the run's phases.</p>
${legend()}
${lanesSvg(lanes(result), result.faults, result.timeline, end)}
<h2>Layers</h2>
<p class="dim">The network's current layer (from its clock) against the highest verified layer its reachable smeshers report. A widening gap is a consensus stall.</p>
${chartSvg(layerSeries(result), result.faults, end)}
<h2>Checks</h2>
${checks(result)}
<h2>Faults</h2>
${faults(result)}
<h2>Hosts</h2>
<ul>${result.hosts.map((host) => `<li>${h(host.key)}: sandbox ${h(host.sandbox)}, live-restore ${host.liveRestore ? "on" : "off"}</li>`).join("")}</ul>
<p class="dim">Written by rebound from run ${h(result.runId)} (journal ${h(result.journalPath)}).</p>
</body>
</html>
`;
}

function header(result: RunResult): string {
  const words = outcomeWords(result);
  const lines = [
    `<h1>${h(result.profile)} <span class="badge ${words.good ? "good" : "bad"}">${h(words.word)}</span></h1>`,
    `<p><strong>${h(words.meaning)}</strong></p>`,
    `<p class="meta">run ${h(result.runId)} · seed ${result.seed} · started ${h(result.startedAt)} · ${h(duration(result.durationMs))} · profile ${h(result.profilePath)} · experiment ${h(result.experimentId)}</p>`,
  ];
  if (result.description) lines.push(`<p>${h(result.description)}</p>`);
  if (result.expected.outcome === "reproduced") {
    lines.push(`<p>Predicted to fail: ${h(result.expected.failing.join(", ") || "nothing")}.</p>`);
    if (result.outcome !== "not-reproduced" && (result.unexpected.length > 0 || result.missing.length > 0)) {
      lines.push(`<p class="gap">${h(predictionGap(result))}</p>`);
    }
  }
  if (result.error && result.outcome !== "error") lines.push(`<p class="gap">error: ${h(result.error)}</p>`);
  if (result.inconclusive.length > 0) lines.push(`<p class="gap">inconclusive, because:</p><ul>${result.inconclusive.map((r) => `<li>${h(r)}</li>`).join("")}</ul>`);
  const steady = result.steady.reachedT === undefined ? "not reached" : `reached at ${at(result.steady.reachedT)}`;
  lines.push(`<p class="meta">steady state ${h(steady)}${result.steady.detail ? ` (${h(result.steady.detail)})` : ""}</p>`);
  return lines.join("\n");
}

function legend(): string {
  const item = (cls: string, text: string) => `<span><i class="swatch" style="background: var(--${cls})"></i>${text}</span>`;
  return `<p class="legend-row">${item("run", "running")}${item("unhealthy", "unhealthy or not answering")}${item("paused", "paused")}${item("down", "down")}<span class="dim">blank: nothing observed yet</span></p>`;
}

function checks(result: RunResult): string {
  if (result.verdicts.length === 0) return `<p>No checks ran.</p>`;
  const rows = result.verdicts.map((v) => {
    const r = reading(result, v);
    return `<tr><td>${h(v.check)}</td><td class="v-${r.replace("/", "")}">${h(READING_LABEL[r])}</td><td>${h(v.value)}</td><td>${h(v.reason)}</td></tr>`;
  });
  const evidence = result.verdicts
    .filter((v) => v.evidence.length > 0)
    .map((v) => {
      const r = reading(result, v);
      const open = counts(r) || r === "predicted-fail" ? " open" : "";
      const items = v.evidence.map((e) => `<li>${h(evidenceLine(e))}</li>`).join("");
      return `<details${open}><summary>${h(v.check)}: ${v.evidence.length} piece(s) of evidence</summary><ul class="evidence">${items}</ul></details>`;
    });
  return `<table><thead><tr><th>Check</th><th>Verdict</th><th>Value</th><th>Reason</th></tr></thead><tbody>${rows.join("")}</tbody></table>\n${evidence.join("\n")}`;
}

function faults(result: RunResult): string {
  if (result.faults.length === 0) return `<p>No faults were injected.</p>`;
  const rows = result.faults.map(
    (f) => `<tr><td>${h(f.id)}</td><td>${h(f.kind)}</td><td>${h(faultWhen(f))}</td><td>${h(faultHit(f))}</td><td>${f.error ? `<span class="gap">${h(f.error)}</span>` : ""}</td></tr>`,
  );
  return `<table><thead><tr><th>Fault</th><th>Kind</th><th>When</th><th>Hit</th><th>Error</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
