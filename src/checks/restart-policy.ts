// restart-policy: every container's policy is one the profile allows, and after each fault that took a
// container down it came back (or stayed down) exactly as Docker's rules for that policy promise.
import type { Check, Evidence } from "./types.js";
import type { FaultWindow, MemberFact } from "../timeline/facts.js";
import { faultInfo } from "../faults/catalog.js";
import { faultsJudgedBy, runningAtEnd, wentDown } from "./facts.js";

/**
 * Whether Docker brings the container back (moby restartmanager and daemon start-up): a kill or stop through
 * the API counts as stopped by the user; after a daemon start, on-failure only restarts a non-zero exit.
 */
export function promisedBack(policy: string, fault: string, exitCode: number | undefined): boolean {
  if (faultInfo(fault)?.effect === "api-kill") return false;
  const name = policy.split(":")[0];
  if (name === "always" || name === "unless-stopped") return true;
  if (name === "on-failure") return exitCode !== undefined && exitCode !== 0;
  return false;
}

export const restartPolicyCheck: Check = (facts) => {
  const allowed = facts.profile.checks["restart-policy"]?.allowed ?? ["always", "unless-stopped"];
  const evidence: Evidence[] = [];
  let failures = 0;
  for (const member of facts.members) {
    if (!allowed.includes(member.restart)) {
      failures++;
      evidence.push({ subject: member.name, detail: `policy "${member.restart}" is not allowed (${allowed.join(", ")})` });
    }
  }
  for (const fault of faultsJudgedBy(facts, "restart-policy")) failures += judgeFault(facts, fault, evidence);
  const policies = [...new Set(facts.members.map((m) => m.restart))].join(", ");
  return {
    check: "restart-policy",
    status: failures === 0 ? "pass" : "fail",
    value: `${failures} problem(s); policies: ${policies}`,
    reason: failures === 0 ? "every policy allowed and honoured" : `${failures} container/fault pair(s) break the policy rules`,
    evidence,
  };
};

function judgeFault(facts: Parameters<Check>[0], fault: FaultWindow, evidence: Evidence[]): number {
  let failures = 0;
  for (const name of fault.affected) {
    const member = facts.members.find((m) => m.name === name) as MemberFact;
    const down = wentDown(facts, name, fault.beginT, fault.endT + 2_000);
    if (!down) continue;
    const promised = promisedBack(member.restart, fault.kind, down.exitCode);
    const back = runningAtEnd(facts, name) === true;
    if (promised !== back) {
      failures++;
      evidence.push({
        subject: name,
        t: down.t,
        detail: `${fault.kind}: exit ${down.exitCode ?? "?"}, policy ${member.restart} promises ${promised ? "a restart" : "no restart"}, but it ${back ? "came back" : "stayed down"}`,
      });
    } else {
      evidence.push({ subject: name, t: down.t, detail: `${fault.kind}: ${back ? "came back" : "stayed down"} as ${member.restart} promises` });
    }
  }
  return failures;
}
