// The run's summary for a terminal or a CI log: outcome, checks table, faults, and why failing checks failed.
import type { Verdict } from "../checks/types.js";
import { paint } from "../output/style.js";
import { renderTable } from "../output/table.js";
import type { RunResult } from "../run/result.js";
import { at, counts, duration, evidenceShown, faultHit, faultWhen, outcomeWords, predictionGap, READING_LABEL, reading, type Reading } from "./format.js";

const EVIDENCE_LINES = 3;

const COLOUR: Record<Reading, (text: string) => string> = {
  pass: paint.green,
  fail: paint.red,
  "n/a": paint.dim,
  "predicted-fail": paint.yellow,
  "predicted-pass": paint.red,
  "predicted-n/a": paint.red,
};

export function formatRunConsole(result: RunResult): string {
  const words = outcomeWords(result);
  const outcome = (words.good ? paint.green : paint.red).bold(words.word);
  const lines = [
    `${paint.bold(result.profile)}  run ${result.runId}  seed ${result.seed}  ${duration(result.durationMs)}  ${outcome} (${words.meaning})`,
  ];
  if (result.description) lines.push(paint.dim(result.description));
  lines.push(...expectation(result));
  if (result.error && result.outcome !== "error") lines.push(paint.red(`error: ${result.error}`));
  if (result.inconclusive.length > 1) lines.push(...result.inconclusive.map((reason) => paint.yellow(`inconclusive: ${reason}`)));
  lines.push(`steady state: ${result.steady.reachedT === undefined ? "not reached" : `reached at ${at(result.steady.reachedT)}`}${result.steady.detail ? ` (${result.steady.detail})` : ""}`);
  lines.push("", checksTable(result), "", ...faults(result));
  const evidence = failing(result);
  if (evidence.length > 0) lines.push("", ...evidence);
  return lines.join("\n");
}

function expectation(result: RunResult): string[] {
  if (result.expected.outcome !== "reproduced") return [];
  const lines = [`predicted to fail: ${result.expected.failing.join(", ") || "nothing"}`];
  // An interrupted run still owes the reader the gap between prediction and result; other outcomes say it above.
  if (result.outcome !== "not-reproduced" && (result.unexpected.length > 0 || result.missing.length > 0)) lines.push(paint.red(predictionGap(result)));
  return lines;
}

function checksTable(result: RunResult): string {
  if (result.verdicts.length === 0) return "no checks ran";
  const rows = result.verdicts.map((v: Verdict) => {
    const r = reading(result, v);
    return [v.check, COLOUR[r](READING_LABEL[r]), v.value, v.reason];
  });
  return renderTable(["CHECK", "VERDICT", "VALUE", "REASON"], rows);
}

function faults(result: RunResult): string[] {
  if (result.faults.length === 0) return ["faults: none"];
  return [
    "faults:",
    ...result.faults.map((f) => {
      const failed = f.error ? paint.red(`  FAILED: ${f.error}`) : "";
      return `  ${f.id} ${paint.bold(f.kind)} ${faultWhen(f)}, hit ${faultHit(f)}${failed}`;
    }),
  ];
}

function failing(result: RunResult): string[] {
  const lines: string[] = [];
  for (const verdict of result.verdicts) {
    const r = reading(result, verdict);
    if (!counts(r) && r !== "predicted-fail") continue;
    const title = r === "predicted-fail" ? `${verdict.check} (failed as predicted)` : verdict.check;
    lines.push(`${COLOUR[r](title)}: ${verdict.reason}`);
    const shown = evidenceShown(verdict, EVIDENCE_LINES);
    lines.push(...shown.lines.map((line) => `  ${line}`));
    if (shown.more > 0) lines.push(paint.dim(`  ... ${shown.more} more in the JSON report`));
  }
  return lines;
}
