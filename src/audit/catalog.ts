// Every rule the audit knows: its stable id, default severity and one-line meaning (docs/audit.md explains each).
import type { AuditObject, Finding, Fix, Severity } from "./finding.js";

interface RuleInfo {
  severity: Severity;
  summary: string;
}

export const RULES = {
  "restart-policy-none": { severity: "error", summary: "no restart policy: never comes back after a crash, daemon restart, upgrade or reboot" },
  "restart-on-failure-exit-zero": { severity: "error", summary: "on-failure: a process that exits 0 on SIGTERM stays down after every daemon restart" },
  "unless-stopped-user-stopped": { severity: "warning", summary: "unless-stopped but stopped by a user: stays down after every daemon restart" },
  "state-in-container-fs": { severity: "warning", summary: "data in the container's own filesystem: survives a restart, lost on recreate" },
  "state-in-tmpfs": { severity: "warning", summary: "data on tmpfs: lost on every restart" },
  "state-in-anonymous-volume": { severity: "warning", summary: "data on an anonymous volume: lost when the container is removed and created again" },
  "no-healthcheck": { severity: "info", summary: "no healthcheck: Docker cannot tell a hung process from a healthy one" },
  "healthcheck-interval-short": { severity: "info", summary: "healthcheck more often than every 5 s: each probe is an exec, costly at scale" },
  "stop-grace-period-short": { severity: "warning", summary: "less than 5 s to stop: the process may be killed before it persists" },
  "killed-on-stop": { severity: "warning", summary: "killed on stop (exit 137): it does not exit on SIGTERM within its stop timeout" },
  "restart-no-unquoted": { severity: "warning", summary: "unquoted restart: no is the boolean false in YAML 1.1; docker-compose 1.x rejects the file" },
  "deploy-restart-policy-ignored": { severity: "warning", summary: "deploy.restart_policy without restart: docker-compose 1.x gives the container no policy" },
  "restart-deploy-conflict": { severity: "warning", summary: "restart: and deploy.restart_policy disagree: each runtime applies a different policy" },
  "deploy-restart-delay-ignored": { severity: "info", summary: "deploy.restart_policy delay/window: only Swarm honours them, compose up ignores them" },
  "restart-max-attempts-rejected": { severity: "error", summary: "max_attempts with a condition other than on-failure: Docker Engine 25+ refuses the container" },
  "stack-restart-ignored": { severity: "warning", summary: "restart: no/on-failure in a stack file: docker stack deploy ignores it and restarts on every exit" },
  "stack-restart-attempts-bounded": { severity: "warning", summary: "max_attempts without a window: after N restarts in the service's life, its task stays down" },
  "stack-state-unpinned": { severity: "warning", summary: "node-local state without a placement constraint: a rescheduled task starts empty on another node" },
  "live-restore-off": { severity: "warning", summary: "live-restore off: every daemon restart or upgrade takes all containers down" },
  "live-restore-swarm": { severity: "info", summary: "Swarm is active: live-restore is not available, containers go down with the daemon" },
  "live-restore-swarm-refused": { severity: "error", summary: "live-restore configured on a Swarm node: dockerd refuses it, so the next daemon start fails" },
  "daemon-config-drift": { severity: "warning", summary: "daemon.json and the running daemon disagree: the next daemon restart changes behaviour" },
  "apt-docker-restart-on-upgrade": { severity: "error", summary: "an automatic upgrade restarts dockerd at once: every container goes down" },
  "apt-containerd-restart-on-upgrade": { severity: "warning", summary: "an automatic upgrade restarts containerd" },
  "apt-docker-package-in-scope": { severity: "warning", summary: "a Docker package is upgraded automatically (restart deferred or none)" },
  "apt-automatic-reboot": { severity: "warning", summary: "unattended-upgrades reboots the host: every container restarts" },
  "apt-conf-file-ignored": { severity: "warning", summary: "an apt.conf.d file apt never reads (its name) configures unattended-upgrades" },
  "weight-concentration-hare": { severity: "error", summary: "losing this host leaves no more than hareThreshold of the weight: Hare stops" },
  "weight-concentration-tortoise": { severity: "error", summary: "losing this host leaves no more than tortoiseThreshold: even self-healing cannot verify" },
  "weight-concentration-third": { severity: "warning", summary: "this host holds more than 1/3 of the weight, beyond the protocol's fault tolerance" },
  "poets-single-host": { severity: "error", summary: "every PoET on one host: losing it stops all activations for the next epoch" },
  "self-healing-off": { severity: "warning", summary: "self-healing off: one failed Hare layer halts the network for good" },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;
export const RULE_IDS = Object.keys(RULES) as RuleId[];

export function isRuleId(text: string): text is RuleId {
  return Object.hasOwn(RULES, text);
}

export function finding(rule: RuleId, object: AuditObject, message: string, evidence: string[], fix: Fix): Finding {
  return { rule, severity: RULES[rule].severity, object, message, evidence, fix };
}
