// Restart-policy rules: what brings a workload back after a crash, a daemon restart, an upgrade or a reboot.
import { finding } from "./catalog.js";
import type { Finding } from "./finding.js";
import { restartFix, startFix } from "./fixes.js";
import type { RuleFamily } from "./subjects.js";
import { formatRestart, type Workload } from "./workload.js";

function checkRestart(w: Workload): Finding[] {
  const policy = w.restart.value;
  const evidence = [w.restart.evidence];
  const findings: Finding[] = [];
  if (policy.name === "no") {
    findings.push(finding("restart-policy-none", w.object, "no restart policy: it never comes back after a crash, a daemon restart, an upgrade or a reboot", evidence, restartFix(w.target)));
  }
  if (policy.name === "on-failure") {
    const retries = policy.maxRetries ? `; and it gives up after ${policy.maxRetries} restarts` : "";
    // moby's restart manager: on-failure restarts only when the last exit code was non-zero, at daemon start too.
    findings.push(
      finding(
        "restart-on-failure-exit-zero",
        w.object,
        `${formatRestart(policy)}: a process that exits 0 on SIGTERM (a well-behaved one) stays down after every daemon restart or upgrade${retries}`,
        w.live ? [...evidence, `State.ExitCode = ${w.live.exitCode}`] : evidence,
        restartFix(w.target),
      ),
    );
  }
  if (policy.name === "unless-stopped" && w.live?.status === "exited") {
    // On a running daemon an unless-stopped container is down only when someone stopped it; Docker remembers that.
    findings.push(
      finding(
        "unless-stopped-user-stopped",
        w.object,
        "unless-stopped and stopped by a user (or docker compose stop): it stays down after every daemon restart",
        [...evidence, `State.Status = exited, ExitCode = ${w.live.exitCode}`],
        startFix(w.target),
      ),
    );
  }
  return findings;
}

export const restartRules: RuleFamily<"workload"> = {
  kind: "workload",
  rules: ["restart-policy-none", "restart-on-failure-exit-zero", "unless-stopped-user-stopped"],
  check: (subject) => checkRestart(subject.workload),
};
