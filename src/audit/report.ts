// What an audit returns: every finding with the rules that ran, per-host exposure, and whether it fails the gate.
import type { SEVERITIES, FailOn, Finding } from "./finding.js";
import type { Check } from "./run.js";
import type { HostExposure } from "./apt/exposure.js";

export interface AuditReport {
  sources: string[];
  findings: Finding[];
  checks: Check[];
  hosts: HostExposure[];
  summary: Record<(typeof SEVERITIES)[number], number> & { objects: number; checks: number };
  failOn: FailOn;
  failed: boolean;
  elapsedMs: number;
}
