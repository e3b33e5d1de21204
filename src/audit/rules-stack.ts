// Traps of compose files deployed with `docker stack deploy` (Swarm): restart: is ignored there, a bounded
// max_attempts runs out for good, and a task rescheduled to another node leaves its node-local state behind.
import { finding } from "./catalog.js";
import { at, type AuditObject, type Finding } from "./finding.js";
import type { ComposeService } from "./compose/model.js";
import type { RuleFamily } from "./subjects.js";

const where = (service: ComposeService) => `services.${service.name} in ${service.at.file}`;

/** Constraints that name one node (its hostname or id) or a node label: what keeps a task where its data is. */
export const PINNING = /^\s*node\.(hostname|id|labels\.[^\s=!]+)\s*==\s*\S/;

function restartIgnored(service: ComposeService, object: AuditObject): Finding[] {
  const restart = service.restart;
  if (!restart || service.deployRestart?.condition) return [];
  // always and unless-stopped mean what Swarm's default (any) does; no and on-failure do not.
  if (/^(always|unless-stopped)$/.test(restart.text)) return [];
  return [
    finding(
      "stack-restart-ignored",
      object,
      `restart: ${restart.text} is ignored by docker stack deploy: Swarm restarts this service's tasks on every exit (condition any), which is not what restart: says`,
      [`${at(restart.at)}: restart: ${restart.text}`, service.deployRestart ? `deploy.restart_policy without condition (${at(service.deployRestart.at)})` : "no deploy.restart_policy"],
      { text: `say it under deploy.restart_policy.condition (none, on-failure or any) on ${where(service)}` },
    ),
  ];
}

function attemptsRunOut(service: ComposeService, object: AuditObject): Finding[] {
  const policy = service.deployRestart;
  const attempts = policy?.maxAttempts;
  if (!policy || !attempts || attempts.value === 0 || policy.condition?.value === "none") return [];
  const window = policy.window?.value;
  if (window !== undefined && !/^0+[a-z]*$/.test(window)) return [];
  return [
    finding(
      "stack-restart-attempts-bounded",
      object,
      `max_attempts ${attempts.value} without a window: Swarm counts restarts over the service's whole life, so after ${attempts.value} of them (crashes, daemon restarts, upgrades) the task stays down for good`,
      [`${at(attempts.at)}: max_attempts: ${attempts.value}`, window === undefined ? "no window: (unbounded)" : `window: ${window} (unbounded)`],
      { text: `drop max_attempts, or add \`window: 2m\` so the count starts over, on ${where(service)}` },
    ),
  ];
}

function stateUnpinned(service: ComposeService, object: AuditObject): Finding[] {
  if (service.deploy?.mode?.value === "global") return [];
  const local = service.mounts.filter((m) => !m.readOnly && (m.kind === "bind" || (m.kind === "named" && (m.driver ?? "local") === "local")));
  if (local.length === 0) return [];
  const pins = (service.deploy?.constraints ?? []).filter((c) => PINNING.test(c.value));
  if (pins.length > 0) return [];
  const describe = local.map((m) => `${m.kind === "bind" ? "bind" : `volume ${m.source} (driver ${m.driver ?? "local"})`} at ${m.target} (${at(m.at)})`);
  const constraints = service.deploy?.constraints.length ? `constraints that pin no node: ${service.deploy.constraints.map((c) => `${c.value} (${at(c.at)})`).join(", ")}` : "no deploy.placement.constraints";
  return [
    finding(
      "stack-state-unpinned",
      object,
      "its state is on one node, but nothing keeps its task there: when that node goes down or drains, Swarm starts the task on another node, with that node's empty volume (a smesher there starts from nothing)",
      [...describe, constraints],
      { text: `pin it: deploy.placement.constraints: [node.hostname == NODE] (or a node label) on ${where(service)}, or use a volume driver that follows the task` },
    ),
  ];
}

export const stackRules: RuleFamily<"stack-service"> = {
  kind: "stack-service",
  rules: ["stack-restart-ignored", "stack-restart-attempts-bounded", "stack-state-unpinned"],
  check: ({ service, object }) => [...restartIgnored(service, object), ...attemptsRunOut(service, object), ...stateUnpinned(service, object)],
};
