// --fix: the fixes as a shell script to review and run by hand; rebound itself runs none of it.
import type { AuditReport } from "../audit/report.js";
import { objectLabel, severityRank } from "../audit/finding.js";

export function auditFixScript(report: AuditReport): string {
  const lines = ["#!/bin/sh", `# rebound audit --fix: fixes for ${report.findings.length} finding(s). Review before running; rebound ran nothing.`, "set -e"];
  const seen = new Set<string>();
  const findings = [...report.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  for (const f of findings) {
    lines.push("", `# ${objectLabel(f.object)}: ${f.rule} (${f.severity})`);
    const commands = (f.fix.commands ?? []).filter((c) => !seen.has(c));
    commands.forEach((c) => seen.add(c));
    if (commands.length > 0) lines.push(...commands);
    else if (f.fix.commands?.length) lines.push("# (same command as above)");
    else lines.push(`# by hand: ${f.fix.text}`);
  }
  if (report.findings.length === 0) lines.push("", "# nothing to fix");
  return lines.join("\n");
}
