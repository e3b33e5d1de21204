// JUnit XML for CI: one testcase per check, failing exactly when the check went against what the profile expects.
import type { Verdict } from "../checks/types.js";
import type { RunResult } from "../run/result.js";
import { escapeXml } from "./escape.js";
import { evidenceLine, outcomeWords, reading } from "./format.js";

const attrs = (pairs: Record<string, string | number>) =>
  Object.entries(pairs)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join("");

interface Case {
  name: string;
  failure?: { message: string; type: string; body: string };
  error?: { message: string; body: string };
  skipped?: string;
  out?: string;
}

function caseOf(result: RunResult, verdict: Verdict): Case {
  const evidence = verdict.evidence.map(evidenceLine).join("\n");
  const summary = `${verdict.value}: ${verdict.reason}`;
  switch (reading(result, verdict)) {
    case "pass":
      return { name: verdict.check, out: `${summary}\n${evidence}` };
    case "fail":
      return { name: verdict.check, failure: { message: verdict.reason, type: "check-failed", body: `${verdict.value}\n${evidence}` } };
    case "n/a":
      return { name: verdict.check, skipped: `n/a: ${verdict.reason}` };
    case "predicted-fail":
      return { name: verdict.check, out: `failed as predicted: ${summary}\n${evidence}` };
    case "predicted-pass":
      return { name: verdict.check, failure: { message: `predicted to fail, passed: ${verdict.reason}`, type: "prediction-missed", body: `${verdict.value}\n${evidence}` } };
    case "predicted-n/a":
      return { name: verdict.check, failure: { message: `predicted to fail, was n/a: ${verdict.reason}`, type: "prediction-missed", body: evidence } };
  }
}

function renderCase(result: RunResult, c: Case): string {
  const open = `    <testcase${attrs({ classname: `rebound.${result.profile}`, name: c.name, time: "0" })}`;
  const inner: string[] = [];
  if (c.failure) inner.push(`      <failure${attrs({ message: c.failure.message, type: c.failure.type })}>${escapeXml(c.failure.body)}</failure>`);
  if (c.error) inner.push(`      <error${attrs({ message: c.error.message, type: "run-error" })}>${escapeXml(c.error.body)}</error>`);
  if (c.skipped !== undefined) inner.push(`      <skipped${attrs({ message: c.skipped })}/>`);
  if (c.out) inner.push(`      <system-out>${escapeXml(c.out)}</system-out>`);
  return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join("\n")}\n    </testcase>`;
}

export function formatJunit(result: RunResult): string {
  const cases = result.verdicts.map((v) => caseOf(result, v));
  // A run that did not finish must not look green just because the checks it never reached were n/a.
  if (result.outcome === "interrupted" || result.outcome === "error") {
    const words = outcomeWords(result);
    cases.unshift({ name: "run", error: { message: `${words.word}: ${words.meaning}`, body: result.error ?? words.meaning } });
  }
  // Nothing failed, yet nothing was shown: a CI gate must not read that as green.
  if (result.outcome === "inconclusive") {
    cases.unshift({ name: "run", failure: { message: `INCONCLUSIVE: ${result.inconclusive[0] ?? "the run proved nothing"}`, type: "inconclusive", body: result.inconclusive.join("\n") } });
  }
  const failures = cases.filter((c) => c.failure).length;
  const errors = cases.filter((c) => c.error).length;
  const skipped = cases.filter((c) => c.skipped !== undefined).length;
  const time = (result.durationMs / 1000).toFixed(3);
  const counts = { tests: cases.length, failures, errors, skipped, time };
  const properties = { "run-id": result.runId, seed: result.seed, outcome: result.outcome, profile: result.profilePath, "expected-outcome": result.expected.outcome, "predicted-failing": result.expected.failing.join(",") };
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${attrs({ name: "rebound", ...counts })}>`,
    `  <testsuite${attrs({ name: `rebound.${result.profile}`, ...counts, timestamp: result.startedAt })}>`,
    `    <properties>`,
    ...Object.entries(properties).map(([name, value]) => `      <property${attrs({ name, value })}/>`),
    `    </properties>`,
    ...cases.map((c) => renderCase(result, c)),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
