// The audit for people: findings grouped by object, worst first, each with its evidence and fix; then each
// host's upgrade conclusion with the lines that decide it; then one summary line.
import type { AuditReport } from "../audit/report.js";
import type { HostExposure } from "../audit/apt/exposure.js";
import { objectLabel, severityRank, type Finding, type Severity } from "../audit/finding.js";
import { paint } from "./style.js";

const SEVERITY_PAINT: Record<Severity, (text: string) => string> = { error: paint.red, warning: paint.yellow, info: paint.cyan };
const pad = (text: string, width: number) => text + " ".repeat(Math.max(0, width - text.length));

function groups(findings: Finding[]): Map<string, Finding[]> {
  const byObject = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = objectLabel(finding.object);
    byObject.set(key, [...(byObject.get(key) ?? []), finding]);
  }
  return byObject;
}

function formatGroup(label: string, findings: Finding[]): string {
  const sorted = [...findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.rule.localeCompare(b.rule));
  const ruleWidth = Math.max(...sorted.map((f) => f.rule.length));
  const indent = " ".repeat(2 + 8 + ruleWidth + 2);
  const lines = [paint.bold(label)];
  for (const f of sorted) {
    lines.push(`  ${SEVERITY_PAINT[f.severity](pad(f.severity.toUpperCase(), 8))}${pad(f.rule, ruleWidth)}  ${f.message}`);
    for (const e of f.evidence) lines.push(`${indent}${paint.dim(`evidence: ${e}`)}`);
    lines.push(`${indent}fix: ${f.fix.commands?.join(" && ") ?? f.fix.text}`);
  }
  return lines.join("\n");
}

function formatHost(host: HostExposure): string {
  const inScope = host.packages.filter((p) => p.inScope);
  const names = (pick: (p: HostExposure["packages"][number]) => boolean) => {
    const hits = inScope.filter(pick).map((p) => p.name);
    return hits.length > 0 ? ` (${hits.join(", ")})` : "";
  };
  const c = host.conclusion;
  const decide = new Set([...host.unattended.evidence, ...inScope.flatMap((p) => [...p.scopeEvidence, ...p.effectEvidence]), ...(host.reboot.enabled ? host.reboot.evidence : [])]);
  return [
    paint.bold(`host ${host.root} (apt): automatic upgrades ${host.unattended.enabled ? "on" : "off"}`),
    `  an automatic upgrade restarts dockerd: ${c.dockerd}${names((p) => p.dockerd !== "none")}`,
    `  an automatic upgrade restarts containerd: ${c.containerd}${names((p) => p.containerd === "restart")}`,
    `  unattended-upgrades reboots the host: ${c.reboot}${host.reboot.enabled ? ` (at ${host.reboot.time})` : ""}`,
    ...[...decide].map((line) => `    ${paint.dim(line)}`),
  ].join("\n");
}

export function formatAudit(report: AuditReport): string {
  const s = report.summary;
  const parts = [`${paint.bold("rebound audit")} of ${report.sources.length} source(s):`, ...report.sources.map((source) => `  ${source}`), ""];
  for (const [label, findings] of groups(report.findings)) parts.push(formatGroup(label, findings), "");
  for (const host of report.hosts) parts.push(formatHost(host), "");
  const objects = new Set(report.findings.map((f) => objectLabel(f.object))).size;
  const verdict = report.failed ? paint.red("FAIL") : paint.green("PASS");
  const failOn = report.failOn === "never" ? "--fail-on never" : `--fail-on ${report.failOn}`;
  parts.push(
    report.findings.length === 0
      ? `no findings: ${s.objects} object(s), ${s.checks} check(s); ${failOn}: ${verdict}`
      : `${s.error} error(s), ${s.warning} warning(s), ${s.info} info on ${objects} of ${s.objects} object(s) (${s.checks} checks); ${failOn}: ${verdict}`,
  );
  return parts.join("\n");
}
