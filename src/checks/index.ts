// All checks, in the order reports list them, and the run's outcome from their verdicts.
import { faultInfo } from "../faults/catalog.js";
import type { Profile } from "../profile/schema.js";
import type { CheckName } from "../timeline/check-names.js";
import { activationCheck } from "./activation.js";
import { consensusLivenessCheck } from "./consensus-liveness.js";
import { containmentCheck } from "./containment.js";
import { faultEffects } from "./fault-effect.js";
import { gracefulShutdownCheck } from "./graceful-shutdown.js";
import { poetAvailabilityCheck } from "./poet-availability.js";
import { recoveryTimeCheck } from "./recovery-time.js";
import { restartPolicyCheck } from "./restart-policy.js";
import { resumeCheck } from "./resume.js";
import type { Check, RunFacts, Verdict } from "./types.js";

export const CHECKS: Record<CheckName, Check> = {
  "restart-policy": restartPolicyCheck,
  "recovery-time": recoveryTimeCheck,
  resume: resumeCheck,
  "consensus-liveness": consensusLivenessCheck,
  activation: activationCheck,
  "poet-availability": poetAvailabilityCheck,
  "graceful-shutdown": gracefulShutdownCheck,
  containment: containmentCheck,
};

/** Every check's verdict, its failing evidence first (a stable sort keeps each check's own order otherwise). */
export function runChecks(facts: RunFacts): Verdict[] {
  return Object.values(CHECKS).map((check) => failingFirst(check(facts)));
}

export const failingFirst = (verdict: Verdict): Verdict => ({
  ...verdict,
  evidence: [...verdict.evidence.filter((e) => e.failing), ...verdict.evidence.filter((e) => !e.failing)],
});

export type Outcome = "pass" | "fail" | "reproduced" | "not-reproduced" | "inconclusive";

/**
 * Why a run that did not fail still proves nothing: no fault at all, a fault that showed no effect on its targets,
 * or every check its faults are about (the catalogue's `about`) n/a. Empty when the run put something to the test.
 */
export function inconclusiveReasons(facts: RunFacts, verdicts: Verdict[]): string[] {
  if (facts.faults.length === 0) return ["the method has no fault: nothing was put to the test"];
  const reasons = faultEffects(facts)
    .filter((e) => !e.observed)
    .map((e) => `fault ${e.fault.id} (${e.fault.kind}) showed no effect on its targets: ${e.detail}`);
  const about = [...new Set(facts.faults.flatMap((f) => faultInfo(f.kind)?.about ?? []))];
  const judged = about.filter((name) => verdicts.some((v) => v.check === name && v.status !== "n/a"));
  if (about.length > 0 && judged.length === 0) reasons.push(`every check these faults are about is n/a: ${about.join(", ")}`);
  return reasons;
}

/**
 * A profile that expects a failure passes when exactly the predicted checks fail: "reproduced". Any other
 * set of failures means the experiment did not show what it claims to show. A run that would pass or reproduce
 * but has reasons to be inconclusive is inconclusive: a verdict never rests on nothing.
 */
export function outcomeOf(
  verdicts: Verdict[],
  expect: Profile["expect"],
  inconclusive: string[] = [],
): { outcome: Outcome; unexpected: string[]; missing: string[] } {
  const failed = verdicts.filter((v) => v.status === "fail").map((v) => v.check);
  const unlessInconclusive = (good: Outcome): Outcome => (inconclusive.length > 0 ? "inconclusive" : good);
  if (expect.outcome === "pass") return { outcome: failed.length === 0 ? unlessInconclusive("pass") : "fail", unexpected: failed, missing: [] };
  const unexpected = failed.filter((name) => !expect.failing.includes(name));
  const missing = expect.failing.filter((name) => !failed.includes(name));
  return { outcome: unexpected.length === 0 && missing.length === 0 ? unlessInconclusive("reproduced") : "not-reproduced", unexpected, missing };
}
