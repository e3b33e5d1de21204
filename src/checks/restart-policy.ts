// restart-policy: after each fault that took a container down, it is running (or not) exactly as Docker's rules
// for its policy promise (src/checks/restart-model.ts), judged when the fault has settled: just before the next
// fault that touches it, or at the end of the run. Every policy must also be one the profile allows.
import type { Check, Evidence, RunFacts, Verdict } from "./types.js";
import type { FaultWindow, MemberFact } from "../timeline/facts.js";
import { faultInfo, isJudgedBy } from "../faults/catalog.js";
import { cellFor, MATRIX_FAULT_OF_EFFECT } from "./engine-behaviour.js";
import { applySteps, parsePolicy, RULES, runningContainer, stepsOfEffect, type DockerStep, type RestartState } from "./restart-model.js";
import { runningAt, seconds, seenExit, startedIn, wentDown, type SeenExit } from "./facts.js";

interface Judgement {
  kind: "pass" | "fail" | "unknown";
  fault: string;
  /** Running when the fault had settled. */
  running: boolean | undefined;
  /** What the fault amounted to for Docker: what another policy would have made of the same. */
  steps: DockerStep[];
  evidence: Evidence;
}

export const restartPolicyCheck: Check = (facts) => {
  const allowed = facts.profile.checks["restart-policy"]?.allowed ?? ["always", "unless-stopped"];
  const broken: Evidence[] = [];
  const notAllowed: Evidence[] = [];
  const passing: Evidence[] = [];
  const unknown: Evidence[] = [];
  for (const member of facts.members) {
    const swarm = swarmCondition(member);
    const judgements = swarm ? judgeSwarmMember(facts, member, swarm) : judgeMember(facts, member);
    for (const j of judgements) (j.kind === "fail" ? broken : j.kind === "pass" ? passing : unknown).push(j.evidence);
    // The profile's list names Docker's policies; on a swarm only condition any brings a task back after every fault.
    if (swarm ? swarm !== "any" : !allowed.includes(member.restart)) notAllowed.push(disallowed(member, swarm ? [SWARM_ALLOWED] : allowed, judgements));
  }
  // What made the verdict fail comes first, then what could not be judged, then what held.
  const counts = { pairs: broken.length + passing.length, broken: broken.length, notAllowed: notAllowed.length, unknown: unknown.length };
  return verdictOf(facts, counts, [...broken, ...notAllowed, ...unknown, ...passing]);
};

interface Counts {
  /** Container/fault pairs judged against the rules. */
  pairs: number;
  broken: number;
  notAllowed: number;
  unknown: number;
}

function verdictOf(facts: RunFacts, counts: Counts, evidence: Evidence[]): Verdict {
  const policies = [...new Set(facts.members.map((m) => m.restart))].join(", ");
  const unseen = counts.unknown > 0 ? `, ${counts.unknown} not judged (exit unseen)` : "";
  const pairs = `${counts.pairs - counts.broken}/${counts.pairs} container/fault pair(s) as promised${unseen}`;
  if (counts.broken + counts.notAllowed > 0) {
    const why = [
      ...(counts.broken > 0 ? [`${counts.broken} container/fault pair(s) not as Docker's rules promise`] : []),
      ...(counts.notAllowed > 0 ? [`${counts.notAllowed} container(s) with a policy the profile does not allow`] : []),
    ];
    return { check: "restart-policy", status: "fail", value: `${pairs}; policies: ${policies}`, reason: why.join("; "), evidence };
  }
  if (counts.pairs === 0) {
    return {
      check: "restart-policy",
      status: "n/a",
      value: "-",
      reason: counts.unknown > 0 ? `no container's fate could be judged (${counts.unknown} exit(s) unseen)` : "no fault took a container down",
      evidence,
    };
  }
  return {
    check: "restart-policy",
    status: "pass",
    value: `${pairs}; policies: ${policies}`,
    reason: "after every fault, each container that went down was running or stopped as its policy promises",
    evidence,
  };
}

const SWARM_ALLOWED = "swarm:any";

/** A swarm member's restart condition (src/run/swarm-run-fleet.ts writes "swarm:<condition>"), else undefined. */
const swarmCondition = (member: MemberFact) => (member.restart.startsWith("swarm:") ? member.restart.slice("swarm:".length) : undefined);

/**
 * Swarm's rules instead of Docker's: after any exit its orchestrator starts a new task in the member's slot under
 * condition any, only after a non-zero exit under on-failure, never under none. The new task's container has a
 * name of its own; the observer files its events under the service's name, so "running" is the slot's.
 */
function judgeSwarmMember(facts: RunFacts, member: MemberFact, condition: string): Judgement[] {
  const faults = facts.faults.filter((f) => f.affected.includes(member.name) && !f.error).sort((a, b) => a.beginT - b.beginT);
  const out: Judgement[] = [];
  for (const [index, fault] of faults.entries()) {
    if (!isJudgedBy(fault.kind, "restart-policy")) continue;
    const next = faults[index + 1];
    const settleT = next ? Math.min(next.beginT - 1, facts.endT) : facts.endT;
    const down = wentDown(facts, member.name, fault.beginT, settleT);
    if (!down) continue;
    const exit = seenExit(facts, member.name, down, settleT + facts.clock.layerMs * 5);
    const promised = condition === "any" ? true : condition === "none" ? false : exit.code === undefined ? undefined : exit.code !== 0;
    const observed = runningAt(facts, member.name, settleT);
    const did = observed === undefined ? "its state was not observed" : observed ? cameBack(facts, member.name, down.t, settleT).replace("came back", "a new task came back") : "stayed down";
    const head = `${fault.kind}: ${exit.source}, ${member.restart}`;
    const base = { fault: fault.kind, running: observed, steps: [] };
    if (promised === undefined || observed === undefined) {
      const why = promised === undefined ? "on-failure depends on an exit code nobody saw" : "nothing observed it after the fault";
      out.push({ ...base, kind: "unknown", evidence: { subject: member.name, t: down.t, detail: `${head}: not judged, ${why}; it ${did}` } });
    } else if (promised === observed) {
      out.push({ ...base, kind: "pass", evidence: { subject: member.name, t: down.t, detail: `${head}: ${did}, as promised` } });
    } else {
      const detail = `${head} promises ${promised ? "a new task" : "no new task"}, but it ${did} (Swarm: condition ${condition})`;
      out.push({ ...base, kind: "fail", evidence: { subject: member.name, t: down.t, detail, failing: true } });
    }
  }
  return out;
}

/** Walks the member's faults in order, carrying Docker's state for it from one to the next. */
function judgeMember(facts: RunFacts, member: MemberFact): Judgement[] {
  const policy = parsePolicy(member.restart);
  const liveRestore = facts.hosts.find((h) => h.key === member.host)?.liveRestore ?? false;
  const faults = facts.faults.filter((f) => f.affected.includes(member.name) && !f.error).sort((a, b) => a.beginT - b.beginT);
  const out: Judgement[] = [];
  let state: RestartState = runningContainer(policy);
  for (const [index, fault] of faults.entries()) {
    const effect = faultInfo(fault.kind)?.effect;
    if (!effect) continue;
    // Settled: just before the next fault that touches it begins, or at the end of the run.
    const next = faults[index + 1];
    const settleT = next ? Math.min(next.beginT - 1, facts.endT) : facts.endT;
    const down = wentDown(facts, member.name, fault.beginT, settleT);
    // A restarted stand-in answers a little after the settle time: its record still speaks for this fault.
    const exit = down ? seenExit(facts, member.name, down, settleT + facts.clock.layerMs * 5) : { code: undefined, source: "" };
    const steps = stepsOfEffect(effect, { liveRestore, exitCode: exit.code });
    const { state: promised, rules } = applySteps(state, steps);
    const observed = runningAt(facts, member.name, settleT);
    if (down && isJudgedBy(fault.kind, "restart-policy")) out.push({ ...judge(facts, member, fault, down.t, exit, promised.running, observed, rules, settleT, liveRestore), steps });
    // The next fault starts from what the engine really did, whatever it promised.
    state = { ...promised, running: observed ?? promised.running };
  }
  return out;
}

function judge(
  facts: RunFacts,
  member: MemberFact,
  fault: FaultWindow,
  downT: number,
  exit: SeenExit,
  promised: boolean | undefined,
  observed: boolean | undefined,
  rules: string[],
  settleT: number,
  liveRestore: boolean,
): Omit<Judgement, "steps"> {
  const did = observed === undefined ? "its state was not observed" : observed ? cameBack(facts, member.name, downT, settleT) : "stayed down";
  const head = `${fault.kind}${liveRestore ? " (live-restore)" : ""}: ${exit.source}, ${member.restart}`;
  const base = { fault: fault.kind, running: observed };
  if (promised === undefined || observed === undefined) {
    const why = promised === undefined ? "the rules depend on an exit code nobody saw" : "nothing observed it after the fault";
    return { ...base, kind: "unknown", evidence: { subject: member.name, t: downT, detail: `${head}: not judged, ${why}; it ${did}` } };
  }
  if (promised === observed) return { ...base, kind: "pass", evidence: { subject: member.name, t: downT, detail: `${head}: ${did}, as promised` } };
  // The last rule applied is the one that decided (e.g. the daemon's start after its stop).
  const rule = rules.length > 0 ? RULES[rules[rules.length - 1] as keyof typeof RULES].text : "";
  const detail = `${head} promises ${promised ? "a restart" : "no restart"}, but it ${did}${rule ? ` (Docker: ${rule})` : ""}${engineNote(facts, member, fault, exit, liveRestore, promised)}`;
  return { ...base, kind: "fail", evidence: { subject: member.name, t: downT, detail, failing: true } };
}

function cameBack(facts: RunFacts, name: string, downT: number, settleT: number): string {
  const back = startedIn(facts, name, downT, settleT);
  return back === undefined ? "came back" : `came back after ${seconds(back - downT)}`;
}

/** What `rebound matrix` measured this engine doing in the same case, and the policy that would have worked. */
function engineNote(facts: RunFacts, member: MemberFact, fault: FaultWindow, exit: SeenExit, liveRestore: boolean, promised: boolean): string {
  const matrix = facts.engine?.matrix;
  const version = facts.engine?.version;
  const matrixFault = MATRIX_FAULT_OF_EFFECT[faultInfo(fault.kind)!.effect];
  if (!matrix || !matrixFault) return `; run \`rebound matrix\` to measure what ${version ? `dockerd ${version}` : "this engine"} does with each policy`;
  const sigterm = exit.code === 137 ? "ignores" : "exits";
  const where = { sigterm, fault: matrixFault, liveRestore } as const;
  const same = cellFor(matrix, { ...where, policy: member.restart });
  const better = ["always", "unless-stopped", "on-failure"].filter((p) => cellFor(matrix, { ...where, policy: p })?.observed.running === promised);
  const measured = same ? `; rebound matrix measured dockerd ${matrix.engine.version} doing the same (${member.restart} x ${matrixFault}: ${same.observed.running ? "running" : "down"})` : "";
  const fix = promised && better.length > 0 ? `; on this engine ${better.join(" or ")} comes back` : "";
  return measured + fix;
}

/** A policy the profile does not allow fails, and says whether the run showed what it costs. */
function disallowed(member: MemberFact, allowed: string[], judgements: Judgement[]): Evidence {
  const stayed = judgements.find((j) => j.running === false);
  const took = judgements[0];
  // What the allowed policies promise after the same Docker steps, from the model rather than a hope.
  // Swarm's condition any starts a new task after every exit: that is the whole of its promise.
  const swarm = allowed.length === 1 && allowed[0] === SWARM_ALLOWED;
  const better = stayed ? (swarm ? allowed : allowed.filter((p) => applySteps(runningContainer(parsePolicy(p)), stayed.steps).state.running === true)) : [];
  const shown = stayed
    ? `: after ${stayed.fault} it stayed down, where ${better.length > 0 ? `${better.join(" or ")} would have brought it back` : "no allowed policy would have brought it back either"}`
    : took
      ? `: ${took.fault} took it down`
      : ": not exercised, no fault took it down in this run";
  return { subject: member.name, t: (stayed ?? took)?.evidence.t, detail: `policy "${member.restart}" is not allowed (${allowed.join(", ")})${shown}`, failing: true };
}
