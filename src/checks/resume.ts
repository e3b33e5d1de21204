// resume: a restarted stand-in carries on from its persisted state: same identity, no PoST
// re-initialisation, no start count or progress going backwards.
import type { StandinSnapshot } from "../timeline/events.js";
import type { Check, Evidence } from "./types.js";
import { standinEvents } from "./facts.js";

export const resumeCheck: Check = (facts) => {
  const evidence: Evidence[] = [];
  let restarts = 0;
  for (const member of facts.members) {
    let previous: StandinSnapshot | undefined;
    for (const event of standinEvents(facts, member.name)) {
      if (!event.reachable) continue;
      const now = event.status;
      if (previous) {
        if (now.starts !== previous.starts) restarts++;
        const problems: string[] = [];
        if (now.key !== previous.key) problems.push("identity key changed (identity lost)");
        if (now.postInits > previous.postInits) problems.push(`PoST initialised again (${now.postInits} initialisations)`);
        if (now.starts < previous.starts) problems.push(`start count went back from ${previous.starts} to ${now.starts} (state lost)`);
        if (now.starts > previous.starts && now.resumedFromLayer < previous.lastLayer - 1) {
          problems.push(`resumed from layer ${now.resumedFromLayer}, had reached ${previous.lastLayer}`);
        }
        for (const problem of problems) evidence.push({ subject: member.name, t: event.t, detail: problem, failing: true });
      }
      previous = now;
    }
  }
  if (restarts === 0 && evidence.length === 0) {
    return { check: "resume", status: "n/a", value: "-", reason: "no stand-in was seen restarting", evidence };
  }
  return {
    check: "resume",
    status: evidence.length === 0 ? "pass" : "fail",
    value: `${evidence.length} loss(es) over ${restarts} restart(s)`,
    reason: evidence.length === 0 ? "every restarted stand-in resumed its identity, PoST and progress" : "persisted state was lost",
    evidence,
  };
};
