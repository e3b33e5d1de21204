// graceful-shutdown: when a container is stopped (a daemon stop, an upgrade, a docker stop) its process
// exits 0 on SIGTERM, not 137 (killed after the stop timeout). The die event says so; when the daemon's closing
// event stream lost it, the stand-in's own record of how it ended (written on its way out) does.
import type { Check, Evidence, RunFacts } from "./types.js";
import type { FaultWindow } from "../timeline/facts.js";
import { dockerEvents, faultsJudgedBy, seenExit, wentDown } from "./facts.js";

interface Stop {
  t: number;
  /** undefined: it went down, but nobody saw how. */
  clean: boolean | undefined;
  detail: string;
}

function stopsOf(facts: RunFacts, fault: FaultWindow, name: string): Stop[] {
  const dies = dockerEvents(facts, name).filter((e) => e.action === "die" && e.t >= fault.beginT && e.t <= fault.endT);
  if (dies.length > 0) {
    return dies.map((die) => ({
      t: die.t,
      clean: die.exitCode === undefined ? undefined : die.exitCode === 0,
      detail: `${fault.kind}: exit ${die.exitCode ?? "?"}${die.exitCode === 137 ? " (killed after the stop timeout)" : ""}`,
    }));
  }
  // No die event in the window: the daemon's closing stream lost it; the reconcile or the stand-in may say.
  const down = wentDown(facts, name, fault.beginT, fault.endT);
  if (!down) return [];
  const exit = seenExit(facts, name, down, facts.endT);
  return [{ t: down.t, clean: exit.code === undefined ? undefined : exit.code === 0, detail: `${fault.kind}: ${exit.source} (no die event)` }];
}

export const gracefulShutdownCheck: Check = (facts) => {
  const evidence: Evidence[] = [];
  let stops = 0;
  let bad = 0;
  let unseen = 0;
  for (const fault of faultsJudgedBy(facts, "graceful-shutdown")) {
    for (const name of fault.affected) {
      for (const stop of stopsOf(facts, fault, name)) {
        if (stop.clean === undefined) unseen++;
        else stops++;
        if (stop.clean === false) bad++;
        evidence.push({ subject: name, t: stop.t, detail: stop.detail, ...(stop.clean === false ? { failing: true as const } : {}) });
      }
    }
  }
  const unseenNote = unseen > 0 ? `; ${unseen} stop(s) with the exit unseen, not judged` : "";
  if (stops === 0) return { check: "graceful-shutdown", status: "n/a", value: "-", reason: `no container was seen stopping gracefully${unseenNote}`, evidence };
  return {
    check: "graceful-shutdown",
    status: bad === 0 ? "pass" : "fail",
    value: `${stops - bad}/${stops} exited 0`,
    reason: (bad === 0 ? "every stopped container exited cleanly" : `${bad} container stop(s) did not exit 0`) + unseenNote,
    evidence,
  };
};
