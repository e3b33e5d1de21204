// Markdown for a CI job summary: the outcome, the checks, the faults and the evidence of what went wrong.
import type { RunResult } from "../run/result.js";
import { escapeHtml, escapeMarkdown, escapeMarkdownCell } from "./escape.js";
import { at, counts, duration, evidenceLine, faultHit, faultWhen, outcomeWords, READING_LABEL, reading, type Reading } from "./format.js";

const EVIDENCE_LINES = 10;

const MARK: Record<Reading, string> = {
  pass: "✅",
  fail: "❌",
  "n/a": "➖",
  "predicted-fail": "☑️",
  "predicted-pass": "❌",
  "predicted-n/a": "❌",
};

export function formatMarkdown(result: RunResult): string {
  const words = outcomeWords(result);
  const md = escapeMarkdown;
  const lines = [
    `## rebound: ${md(result.profile)} ${words.good ? "✅" : "❌"} ${words.word}`,
    "",
    `**${words.word}**: ${md(words.meaning)}. Run \`${result.runId.replace(/`/g, "'")}\`, seed ${result.seed}, ${duration(result.durationMs)}, started ${md(result.startedAt)}.`,
  ];
  if (result.description) lines.push("", `> ${md(result.description)}`);
  if (result.inconclusive.length > 0) lines.push("", "Inconclusive, because:", "", ...result.inconclusive.map((reason) => `- ${md(reason)}`));
  if (result.expected.outcome === "reproduced") {
    lines.push("", `Predicted to fail: ${result.expected.failing.map(md).join(", ") || "nothing"}.`);
  }
  const steady = result.steady.reachedT === undefined ? "not reached" : `reached at ${at(result.steady.reachedT)}`;
  lines.push("", `Steady state: ${steady}${result.steady.detail ? ` (${md(result.steady.detail)})` : ""}.`);
  lines.push("", ...checksTable(result), "", ...faults(result), ...evidence(result));
  return lines.join("\n") + "\n";
}

function checksTable(result: RunResult): string[] {
  if (result.verdicts.length === 0) return ["No checks ran."];
  return [
    "| Check | Verdict | Value | Reason |",
    "|---|---|---|---|",
    ...result.verdicts.map((v) => {
      const r = reading(result, v);
      return `| ${escapeMarkdownCell(v.check)} | ${MARK[r]} ${READING_LABEL[r]} | ${escapeMarkdownCell(v.value)} | ${escapeMarkdownCell(v.reason)} |`;
    }),
  ];
}

function faults(result: RunResult): string[] {
  if (result.faults.length === 0) return ["### Faults", "", "None."];
  return [
    "### Faults",
    "",
    ...result.faults.map((f) => {
      const failed = f.error ? ` **failed**: ${escapeMarkdown(f.error)}` : "";
      return `- **${escapeMarkdown(f.kind)}** (${escapeMarkdown(f.id)}) ${faultWhen(f)}, hit ${escapeMarkdown(faultHit(f))}${failed}`;
    }),
  ];
}

function evidence(result: RunResult): string[] {
  const shown = result.verdicts.filter((v) => {
    const r = reading(result, v);
    return counts(r) || r === "predicted-fail";
  });
  if (shown.length === 0) return [];
  const lines = ["", "### Evidence"];
  for (const verdict of shown) {
    const r = reading(result, verdict);
    const title = r === "predicted-fail" ? `${verdict.check} (failed as predicted)` : verdict.check;
    // Inside HTML, markdown escapes would show as backslashes: HTML escaping only.
    lines.push("", `<details${counts(r) ? " open" : ""}><summary>${MARK[r]} ${escapeHtml(title)}: ${escapeHtml(verdict.reason)}</summary>`, "");
    lines.push(...verdict.evidence.slice(0, EVIDENCE_LINES).map((e) => `- ${escapeMarkdown(evidenceLine(e))}`));
    const more = verdict.evidence.length - EVIDENCE_LINES;
    if (more > 0) lines.push(`- … ${more} more in the JSON report`);
    lines.push("", "</details>");
  }
  return lines;
}
