// consensus-liveness: the network's verified layer keeps up with the current one, or catches up again
// within the budget after the last fault ended.
import type { Check, Evidence, RunFacts } from "./types.js";
import { faultsJudgedBy, progressSeries, standinEvents } from "./facts.js";
import { timeOfLayer } from "../timeline/clock.js";

export const consensusLivenessCheck: Check = (facts) => {
  const budgetLayers = facts.profile.checks["consensus-liveness"]?.budgetLayers ?? 10;
  const allowedLag = facts.profile.steady.verifiedLag;
  const series = progressSeries(facts);
  const faults = faultsJudgedBy(facts, "consensus-liveness");
  const evidence: Evidence[] = [];
  if (series.length === 0) {
    return { check: "consensus-liveness", status: "fail", value: "no data", reason: "no smesher answered during the run", evidence };
  }
  const lastFaultEnd = Math.max(0, ...faults.map((f) => f.endT));
  const deadline = lastFaultEnd + budgetLayers * facts.clock.layerMs;
  const lagOf = (point: (typeof series)[number]) => point.current - point.verified;
  // Recovery is the catch-up after the last time the network was behind since the first fault began, not the
  // first caught-up point after the fault ended: after an instant fault (a kill) the lag only shows a layer or
  // two later; the lag of the warm-up before the faults (PoST initialisation) is not the faults' doing.
  const firstFaultBegin = faults.length > 0 ? Math.min(...faults.map((f) => f.beginT)) : 0;
  const judged = series.filter((point) => point.t >= firstFaultBegin);
  const worst = (judged.length > 0 ? judged : series).reduce((max, point) => (lagOf(point) > lagOf(max) ? point : max));
  const final = series[series.length - 1]!;
  const silent = series.filter((point) => point.silent);
  const lastBehind =
    faults.length === 0 ? undefined : [...series].reverse().find((point) => point.t >= firstFaultBegin && lagOf(point) > allowedLag);
  const caughtUp = lastBehind
    ? series.find((point) => point.t > lastBehind.t && lagOf(point) <= allowedLag)
    : series.find((point) => point.t >= lastFaultEnd && lagOf(point) <= allowedLag);
  const endsCaughtUp = lagOf(final) <= allowedLag;
  const inTime = caughtUp !== undefined && caughtUp.t <= deadline;
  const ok = endsCaughtUp && (inTime || lagOf(worst) <= allowedLag);
  const mark = ok ? {} : { failing: true as const };
  evidence.push({ subject: "network", t: worst.t, detail: `largest lag ${lagOf(worst)} layers (current ${worst.current}, verified ${worst.verified})`, ...mark });
  evidence.push({
    subject: "network",
    t: final.t,
    detail: `at the end: current ${final.current}, verified ${final.verified}${final.silent ? " (last seen; no smesher answered at the end)" : ""}`,
    ...(endsCaughtUp ? {} : mark),
  });
  if (silent.length > 0) {
    const first = silent[0]!;
    evidence.push({ subject: "network", t: first.t, detail: `${silent.length} observation(s) with no smesher answering, the first ${Math.round(first.t / 1000)} s into the run: counted as no progress`, ...mark });
  }
  if (caughtUp) evidence.push({ subject: "network", t: caughtUp.t, detail: `caught up at layer ${caughtUp.current}` });
  if (!ok) evidence.push(...smesherViews(facts));
  const stalledAt = worst.verified + 1;
  return {
    check: "consensus-liveness",
    status: ok ? "pass" : "fail",
    value: ok
      ? `max lag ${lagOf(worst)} layers`
      : endsCaughtUp && caughtUp
        ? `caught up ${Math.round((caughtUp.t - lastFaultEnd) / facts.clock.layerMs)} layers after the last fault (budget ${budgetLayers})`
        : `verified stuck at ${final.verified}, current ${final.current}`,
    reason: ok
      ? lagOf(worst) <= allowedLag
        ? "the verified layer never fell behind"
        : `caught up within ${budgetLayers} layers of the last fault`
      : `consensus stalled from layer ${stalledAt} (about ${Math.round(timeOfLayer(facts.clock, stalledAt) / 1000)} s into the run) and did not recover within ${budgetLayers} layers`,
    evidence,
  };
};

/**
 * Why each smesher holds its verified layer where it is, from its last answer: its own record of the layer that
 * stalls it, and what came late in its process (a vote sent or counted after the deadline fails a layer).
 */
function smesherViews(facts: RunFacts): Evidence[] {
  const evidence: Evidence[] = [];
  const threshold = facts.profile.network.hareThreshold;
  for (const member of facts.members.filter((m) => m.role === "smesher")) {
    const last = standinEvents(facts, member.name).filter((e) => e.reachable).at(-1);
    if (!last?.reachable) continue;
    const { stalled, lateVotes, slowLayers } = last.status;
    const parts: string[] = [];
    // Counters restart with the process: what the last one saw.
    if (stalled) {
      const source = stalled.via === "votes" ? `from ${stalled.voters} voter(s)` : stalled.via === "sync" ? "as a peer reported it" : "nobody had an outcome";
      parts.push(`layer ${stalled.layer} ${stalled.outcome} with ${stalled.weight} of ${stalled.total} weight ${source} (Hare needs more than ${threshold})`);
    }
    if (lateVotes !== undefined && lateVotes > 0) parts.push(`${lateVotes} vote(s) arrived after the deadline`);
    if (slowLayers && slowLayers.count > 0) parts.push(`${slowLayers.count} layer(s) whose work began or ran late, the worst by ${slowLayers.worstMs} ms`);
    if (parts.length > 0) evidence.push({ subject: member.name, t: last.t, detail: parts.join("; ") });
  }
  return evidence;
}
