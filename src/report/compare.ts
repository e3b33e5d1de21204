// Several runs side by side: one row per check, one column per profile, the outcome at the bottom.
import { CHECK_NAMES } from "../timeline/check-names.js";
import type { RunResult } from "../run/result.js";
import { paint } from "../output/style.js";
import { renderTable } from "../output/table.js";
import { duration, outcomeWords } from "./format.js";

const cell = (result: RunResult, check: string) => {
  const verdict = result.verdicts.find((v) => v.check === check);
  if (!verdict) return "-";
  const word = verdict.status === "fail" ? paint.red("fail") : verdict.status === "pass" ? paint.green("pass") : paint.dim("n/a");
  return `${word} ${verdict.value}`;
};

export function formatComparison(results: RunResult[]): string {
  const header = ["CHECK", ...results.map((r) => r.profile)];
  const rows = CHECK_NAMES.map((check) => [check, ...results.map((r) => cell(r, check))]);
  rows.push(["outcome", ...results.map((r) => outcomeWords(r).word)]);
  rows.push(["duration", ...results.map((r) => duration(r.durationMs))]);
  return `${paint.bold("side by side")}\n${renderTable(header, rows)}`;
}
