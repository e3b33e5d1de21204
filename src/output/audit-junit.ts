// The audit as JUnit XML for CI: one testcase per object and rule; a failure where a finding meets --fail-on,
// the finding as output where it does not.
import type { AuditReport } from "../audit/report.js";
import { meetsFailOn, objectLabel, type Finding } from "../audit/finding.js";

const escape = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");

const details = (f: Finding) => [f.message, ...f.evidence.map((e) => `evidence: ${e}`), `fix: ${f.fix.commands?.join(" && ") ?? f.fix.text}`].join("\n");

export function auditJunit(report: AuditReport): string {
  const failures = report.checks.filter((c) => c.finding && meetsFailOn(c.finding.severity, report.failOn)).length;
  const time = (report.elapsedMs / 1000).toFixed(3);
  const cases = report.checks.map((check) => {
    const open = `    <testcase classname="${escape(objectLabel(check.object))}" name="${check.rule}" time="0">`;
    const f = check.finding;
    if (!f) return `${open}</testcase>`;
    const body = meetsFailOn(f.severity, report.failOn)
      ? `<failure type="${f.severity}" message="${escape(f.message)}">${escape(details(f))}</failure>`
      : `<system-out>${escape(`${f.severity}: ${details(f)}`)}</system-out>`;
    return `${open}\n      ${body}\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="rebound audit" tests="${report.checks.length}" failures="${failures}" time="${time}">`,
    `  <testsuite name="rebound audit" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="0" time="${time}">`,
    ...cases,
    "  </testsuite>",
    "</testsuites>",
  ].join("\n");
}
