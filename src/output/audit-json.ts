// The audit as JSON for machines: the same report, with checks flattened to object, rule and outcome.
import type { AuditReport } from "../audit/report.js";
import { objectLabel } from "../audit/finding.js";

export function auditJson(report: AuditReport): string {
  const checks = report.checks.map((c) => ({ object: objectLabel(c.object), rule: c.rule, passed: c.finding === undefined }));
  const { sources, summary, failOn, failed, elapsedMs, findings, hosts } = report;
  return JSON.stringify({ sources, summary, failOn, failed, elapsedMs, findings, hosts, checks }, null, 2);
}
