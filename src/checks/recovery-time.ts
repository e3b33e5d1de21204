// recovery-time: every container a fault took down is running and healthy again within the budget,
// measured from the fault's end to Docker's health event (and, for detail, to the stand-in's first answer).
import type { Check, Evidence } from "./types.js";
import { answeredAfter, faultsJudgedBy, healthyAfter, seconds, wentDown } from "./facts.js";

export const recoveryTimeCheck: Check = (facts) => {
  const budgetMs = (facts.profile.checks["recovery-time"]?.budgetSeconds ?? 30) * 1000;
  const evidence: Evidence[] = [];
  let worst = 0;
  let missing = 0;
  let measured = 0;
  for (const fault of faultsJudgedBy(facts, "recovery-time")) {
    for (const name of fault.affected) {
      const down = wentDown(facts, name, fault.beginT, fault.endT + 2_000);
      if (!down) continue;
      measured++;
      const healthy = healthyAfter(facts, name, down.t);
      const answered = answeredAfter(facts, name, down.t);
      if (healthy === undefined) {
        missing++;
        evidence.push({ subject: name, t: down.t, detail: `${fault.kind}: not healthy again before the run ended`, failing: true });
        continue;
      }
      const recovery = Math.max(0, healthy - fault.endT);
      worst = Math.max(worst, recovery);
      const answer = answered === undefined ? "" : `, answering after ${seconds(Math.max(0, answered - fault.endT))}`;
      const over = recovery > budgetMs ? { failing: true as const } : {};
      evidence.push({ subject: name, t: healthy, detail: `${fault.kind}: healthy ${seconds(recovery)} after the fault ended${answer}`, ...over });
    }
  }
  if (measured === 0) {
    return { check: "recovery-time", status: "n/a", value: "-", reason: "no fault took a container down", evidence };
  }
  const ok = missing === 0 && worst <= budgetMs;
  return {
    check: "recovery-time",
    status: ok ? "pass" : "fail",
    value: missing > 0 ? `${missing} never recovered` : `max ${seconds(worst)} (budget ${seconds(budgetMs)})`,
    reason: ok
      ? `all ${measured} recovered within the budget`
      : missing > 0
        ? `${missing} of ${measured} containers did not come back`
        : `slowest took ${seconds(worst)}, over the budget`,
    evidence,
  };
};
