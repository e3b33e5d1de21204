// Runs every rule family over every subject (pure): the findings, and one check per object and rule for JUnit.
import type { RuleId } from "./catalog.js";
import type { AuditObject, Finding } from "./finding.js";
import { aptRules } from "./rules-apt.js";
import { composeRules } from "./rules-compose.js";
import { stackRules } from "./rules-stack.js";
import { serviceRules } from "./rules-service.js";
import { daemonRules } from "./rules-daemon.js";
import { fleetRules } from "./rules-fleet.js";
import { restartRules } from "./rules-restart.js";
import { healthRules, shutdownRules } from "./rules-shutdown.js";
import { stateRules } from "./rules-state.js";
import type { RuleFamily, Subject } from "./subjects.js";

export const FAMILIES: RuleFamily[] = [restartRules, stateRules, healthRules, shutdownRules, composeRules, stackRules, serviceRules, daemonRules, aptRules, fleetRules] as RuleFamily[];

export interface Check {
  object: AuditObject;
  rule: RuleId;
  /** Absent when the rule passed on this object. */
  finding?: Finding;
}

export interface RuleRun {
  findings: Finding[];
  checks: Check[];
}

export function runRules(subjects: Subject[], ignore: ReadonlySet<string> = new Set()): RuleRun {
  const findings: Finding[] = [];
  const checks: Check[] = [];
  for (const subject of subjects) {
    for (const family of FAMILIES) {
      if (family.kind !== subject.kind) continue;
      const found = family.check(subject as never).filter((f) => !ignore.has(f.rule));
      findings.push(...found);
      for (const rule of family.rules) {
        if (ignore.has(rule)) continue;
        const hits = found.filter((f) => f.rule === rule);
        if (hits.length === 0) checks.push({ object: subject.object, rule });
        for (const hit of hits) checks.push({ object: hit.object, rule, finding: hit });
      }
    }
  }
  return { findings, checks };
}
