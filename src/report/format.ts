// Wording every report shares: the outcome in words, a verdict read against the prediction, times and faults.
import type { Evidence, Verdict } from "../checks/types.js";
import type { FaultWindow } from "../timeline/facts.js";
import type { RunResult } from "../run/result.js";

/** Seconds since the run started, as every report prints a time on the run's axis. */
export const at = (t: number) => `${(t / 1000).toFixed(1)} s`;

export function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}h ${m}m ${s}s` : `${m}m ${s}s`;
}

export interface OutcomeWords {
  word: string;
  meaning: string;
  /** Whether the run gives CI what it asked for: a pass, or a failure reproduced as predicted. */
  good: boolean;
}

export function outcomeWords(result: RunResult): OutcomeWords {
  switch (result.outcome) {
    case "pass":
      return { word: "PASS", meaning: "every check passed", good: true };
    case "fail":
      return { word: "FAIL", meaning: `failed: ${result.unexpected.join(", ") || "see the checks"}`, good: false };
    case "reproduced":
      return { word: "REPRODUCED", meaning: "the incident happened as predicted", good: true };
    case "not-reproduced":
      return { word: "NOT REPRODUCED", meaning: predictionGap(result), good: false };
    case "inconclusive":
      return { word: "INCONCLUSIVE", meaning: inconclusiveMeaning(result), good: false };
    case "interrupted":
      return { word: "INTERRUPTED", meaning: "the run was stopped before it finished (Ctrl-C or SIGTERM)", good: false };
    case "error":
      return { word: "ERROR", meaning: result.error ?? "the run could not finish", good: false };
  }
}

/** Nothing failed, but nothing was shown either: the first reason, and how many more the report lists. */
function inconclusiveMeaning(result: RunResult): string {
  const [first, ...rest] = result.inconclusive;
  if (!first) return "the run proved nothing";
  return `proves nothing: ${first}${rest.length > 0 ? ` (and ${rest.length} more reason(s))` : ""}`;
}

/** Why a predicted failure did not reproduce, in the terms a reader checks against the profile. */
export function predictionGap(result: RunResult): string {
  const parts: string[] = [];
  if (result.unexpected.length > 0) parts.push(`failed without being predicted: ${result.unexpected.join(", ")}`);
  if (result.missing.length > 0) parts.push(`predicted to fail but did not: ${result.missing.join(", ")}`);
  return parts.join("; ") || "the checks did not fail as predicted";
}

export const predicted = (result: RunResult, check: string) =>
  result.expected.outcome === "reproduced" && result.expected.failing.includes(check);

export type Reading = "pass" | "fail" | "n/a" | "predicted-fail" | "predicted-pass" | "predicted-n/a";

/** A verdict as the run judges it: with an expected failure, a predicted fail is what should happen. */
export function reading(result: RunResult, verdict: Verdict): Reading {
  if (!predicted(result, verdict.check)) return verdict.status;
  return verdict.status === "fail" ? "predicted-fail" : verdict.status === "pass" ? "predicted-pass" : "predicted-n/a";
}

export const READING_LABEL: Record<Reading, string> = {
  pass: "pass",
  fail: "fail",
  "n/a": "n/a",
  "predicted-fail": "fail (predicted)",
  "predicted-pass": "pass (predicted to fail)",
  "predicted-n/a": "n/a (predicted to fail)",
};

/** Whether this verdict counts against the run, so reports show its evidence. */
export const counts = (r: Reading) => r === "fail" || r === "predicted-pass" || r === "predicted-n/a";

export function faultWhen(fault: FaultWindow): string {
  return fault.endT > fault.beginT ? `${at(fault.beginT)} - ${at(fault.endT)}` : `at ${at(fault.beginT)}`;
}

export function faultHit(fault: FaultWindow): string {
  const hosts = fault.hosts.length > 0 ? `host ${fault.hosts.join(", ")}: ` : "";
  return `${hosts}${fault.affected.join(", ") || "nothing"}`;
}

export function evidenceLine(evidence: Evidence): string {
  const when = evidence.t === undefined ? "" : `${at(evidence.t)}  `;
  return `${when}${evidence.subject}: ${evidence.detail}`;
}

/** The evidence worth showing for a check that counts against the run: the first few, and how many more. */
export function evidenceShown(verdict: Verdict, limit: number): { lines: string[]; more: number } {
  return {
    lines: verdict.evidence.slice(0, limit).map(evidenceLine),
    more: Math.max(0, verdict.evidence.length - limit),
  };
}

export function header(result: RunResult): string {
  return `run ${result.runId}, seed ${result.seed}, ${duration(result.durationMs)}`;
}
