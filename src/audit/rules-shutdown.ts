// Health and shutdown rules: can Docker see the process is sick, and does it get to persist before it is killed?
import { finding } from "./catalog.js";
import type { Finding } from "./finding.js";
import { healthcheckFix, sigtermFix, stopGraceFix } from "./fixes.js";
import type { RuleFamily } from "./subjects.js";
import type { Workload } from "./workload.js";

export const MIN_STOP_GRACE_SECONDS = 5;
export const MIN_HEALTHCHECK_INTERVAL_SECONDS = 5;
const SIGKILL_EXIT = 137;

function checkHealth(w: Workload): Finding[] {
  const health = w.healthcheck;
  if (!health) return [];
  if (!health.value.present) {
    return [finding("no-healthcheck", w.object, "no healthcheck: a hung process looks running to Docker and to anyone watching it", [health.evidence], healthcheckFix(w.target))];
  }
  const interval = health.value.intervalSeconds;
  if (interval !== undefined && interval < MIN_HEALTHCHECK_INTERVAL_SECONDS) {
    return [
      finding(
        "healthcheck-interval-short",
        w.object,
        `healthcheck every ${interval} s: each probe is an exec in the container; dozens of them load the host and time out`,
        [health.evidence],
        { text: `probe every 10 s with a start period, and time recovery from outside (rebound polls /healthz itself)` },
      ),
    ];
  }
  return [];
}

function checkShutdown(w: Workload): Finding[] {
  const findings: Finding[] = [];
  const grace = w.stopGraceSeconds;
  if (grace && grace.value < MIN_STOP_GRACE_SECONDS) {
    findings.push(
      finding(
        "stop-grace-period-short",
        w.object,
        `${grace.value} s between SIGTERM and SIGKILL: a daemon stop or upgrade may kill it before it has persisted`,
        [grace.evidence],
        stopGraceFix(w.target, 10),
      ),
    );
  }
  if (w.ignoresSigterm?.value) {
    findings.push(finding("killed-on-stop", w.object, "it ignores SIGTERM: every stop ends in SIGKILL (exit 137) with nothing persisted", [w.ignoresSigterm.evidence], sigtermFix(w.target)));
  } else if (w.live && w.live.status === "exited" && w.live.exitCode === SIGKILL_EXIT && !w.live.oomKilled) {
    findings.push(
      finding(
        "killed-on-stop",
        w.object,
        "its last stop ended in SIGKILL (exit 137, not out of memory): it did not exit on SIGTERM within its stop timeout",
        [`State.ExitCode = 137, State.OOMKilled = false`],
        sigtermFix(w.target),
      ),
    );
  }
  return findings;
}

export const healthRules: RuleFamily<"workload"> = {
  kind: "workload",
  rules: ["no-healthcheck", "healthcheck-interval-short"],
  check: (subject) => checkHealth(subject.workload),
};

export const shutdownRules: RuleFamily<"workload"> = {
  kind: "workload",
  rules: ["stop-grace-period-short", "killed-on-stop"],
  check: (subject) => checkShutdown(subject.workload),
};
