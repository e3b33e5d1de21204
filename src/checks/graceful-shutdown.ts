// graceful-shutdown: when a container is stopped (a daemon stop, an upgrade, a docker stop) its process
// exits 0 on SIGTERM, not 137 (killed after the stop timeout).
import type { Check, Evidence } from "./types.js";
import { dockerEvents, faultsJudgedBy } from "./facts.js";

export const gracefulShutdownCheck: Check = (facts) => {
  const evidence: Evidence[] = [];
  let stops = 0;
  let bad = 0;
  for (const fault of faultsJudgedBy(facts, "graceful-shutdown")) {
    for (const name of fault.affected) {
      for (const die of dockerEvents(facts, name).filter((e) => e.action === "die" && e.t >= fault.beginT && e.t <= fault.endT)) {
        stops++;
        if (die.exitCode !== 0) bad++;
        evidence.push({ subject: name, t: die.t, detail: `${fault.kind}: exit ${die.exitCode ?? "?"}${die.exitCode === 137 ? " (killed after the stop timeout)" : ""}` });
      }
    }
  }
  if (stops === 0) return { check: "graceful-shutdown", status: "n/a", value: "-", reason: "no container was stopped gracefully", evidence };
  return {
    check: "graceful-shutdown",
    status: bad === 0 ? "pass" : "fail",
    value: `${stops - bad}/${stops} exited 0`,
    reason: bad === 0 ? "every stopped container exited cleanly" : `${bad} container stop(s) did not exit 0`,
    evidence,
  };
};
