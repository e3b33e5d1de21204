// All checks, in the order reports list them, and the run's outcome from their verdicts.
import type { Profile } from "../profile/schema.js";
import type { CheckName } from "../timeline/check-names.js";
import { activationCheck } from "./activation.js";
import { consensusLivenessCheck } from "./consensus-liveness.js";
import { containmentCheck } from "./containment.js";
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

export function runChecks(facts: RunFacts): Verdict[] {
  return Object.values(CHECKS).map((check) => check(facts));
}

export type Outcome = "pass" | "fail" | "reproduced" | "not-reproduced";

/**
 * A profile that expects a failure passes when exactly the predicted checks fail: "reproduced". Any other
 * set of failures means the experiment did not show what it claims to show.
 */
export function outcomeOf(verdicts: Verdict[], expect: Profile["expect"]): { outcome: Outcome; unexpected: string[]; missing: string[] } {
  const failed = verdicts.filter((v) => v.status === "fail").map((v) => v.check);
  if (expect.outcome === "pass") return { outcome: failed.length === 0 ? "pass" : "fail", unexpected: failed, missing: [] };
  const unexpected = failed.filter((name) => !expect.failing.includes(name));
  const missing = expect.failing.filter((name) => !failed.includes(name));
  return { outcome: unexpected.length === 0 && missing.length === 0 ? "reproduced" : "not-reproduced", unexpected, missing };
}
