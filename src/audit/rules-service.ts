// Live Swarm services (read from a manager), judged as the stack rules judge a stack file: condition none never
// brings a task back, MaxAttempts without a Window runs out for good, and a rescheduled task leaves its
// node-local state behind. The same rule ids, so --ignore and the docs mean one thing for both.
import { finding } from "./catalog.js";
import type { AuditObject, Finding } from "./finding.js";
import { quote } from "./fixes.js";
import { PINNING } from "./rules-stack.js";
import type { LiveService, RestartField, ServiceFacts, ServiceMount } from "./service-subject.js";
import type { RuleFamily } from "./subjects.js";

const isJob = (facts: ServiceFacts) => facts.mode.endsWith("-job");

/** `TaskTemplate.RestartPolicy.Window = 0`, saying so when the value is Swarm's default for an unset field. */
function restartValue(facts: ServiceFacts, field: RestartField): string {
  const values = { Condition: facts.condition, Delay: facts.delayNs, MaxAttempts: facts.maxAttempts, Window: facts.windowNs };
  const value = values[field];
  const seconds = (field === "Delay" || field === "Window") && value !== 0 ? ` (${Number(value) / 1e9} s)` : "";
  return `TaskTemplate.RestartPolicy.${field} = ${value}${seconds}${facts.defaulted.includes(field) ? " (unset: Swarm's default)" : ""}`;
}

function update(service: LiveService, flags: string): string {
  const docker = service.defaultEndpoint ? "docker" : `docker -H ${quote(service.endpoint)}`;
  return `${docker} service update ${flags} ${quote(service.facts.name)}`;
}

// The restart policy is part of the task spec: changing it replaces the running tasks, one update batch at a time.
const ROLLS = "the update replaces its running tasks (a rolling update)";

function restartNone(service: LiveService, object: AuditObject): Finding[] {
  const facts = service.facts;
  // A job runs to completion: condition none is how it is meant to end.
  if (facts.condition !== "none" || isJob(facts)) return [];
  return [
    finding(
      "restart-policy-none",
      object,
      "restart condition none: Swarm never replaces its task when it exits, so it stays down after a crash, a daemon restart, an upgrade or a reboot",
      [restartValue(facts, "Condition")],
      { text: `give ${facts.name} the restart condition any, so Swarm replaces its task on every exit; ${ROLLS}`, commands: [update(service, "--restart-condition any")] },
    ),
  ];
}

function attemptsRunOut(service: LiveService, object: AuditObject): Finding[] {
  const facts = service.facts;
  if (facts.maxAttempts === 0 || facts.windowNs !== 0 || facts.condition === "none" || isJob(facts)) return [];
  return [
    finding(
      "stack-restart-attempts-bounded",
      object,
      `MaxAttempts ${facts.maxAttempts} with Window 0: Swarm counts restarts over the service's whole life, so after ${facts.maxAttempts} of them (crashes, daemon restarts, upgrades) its task stays down for good`,
      [restartValue(facts, "MaxAttempts"), restartValue(facts, "Window"), restartValue(facts, "Condition")],
      {
        text: `give ${facts.name} a restart window so the count starts over (or drop the bound: --restart-max-attempts 0); ${ROLLS}`,
        commands: [update(service, "--restart-window 2m")],
      },
    ),
  ];
}

/** Data that stays on the node a task ran on. An anonymous volume is new for every task, pinned or not. */
const nodeLocal = (m: ServiceMount) => !m.readOnly && (m.type === "bind" || (m.type === "volume" && m.source !== "" && (m.driver ?? "local") === "local"));
const describeMount = (m: ServiceMount) => `TaskTemplate.ContainerSpec.Mounts: ${m.type} ${m.source} -> ${m.target}${m.type === "volume" ? ` (driver ${m.driver ?? "local"})` : ""}`;

function stateUnpinned(service: LiveService, object: AuditObject): Finding[] {
  const facts = service.facts;
  // A global service runs one task on every node: Swarm never moves it to another.
  if (facts.mode === "global" || facts.mode === "global-job") return [];
  const local = facts.mounts.filter(nodeLocal);
  if (local.length === 0 || facts.constraints.some((c) => PINNING.test(c))) return [];
  const constraints = facts.constraints.length > 0 ? `TaskTemplate.Placement.Constraints = [${facts.constraints.join(", ")}] (none pins a node)` : "TaskTemplate.Placement.Constraints: none";
  return [
    finding(
      "stack-state-unpinned",
      object,
      "its state is on one node, but nothing keeps its task there: when that node goes down or drains, Swarm starts the task on another node, with that node's empty volume (a smesher there starts from nothing)",
      [...local.map(describeMount), constraints],
      // No command: only the operator knows which node holds the data (a wrong one would leave the task pending).
      {
        text: `pin it to the node its data is on: \`${update(service, "--constraint-add node.hostname==NODE")}\` (or a node label; a task already on NODE keeps running), or use a volume driver that follows the task`,
      },
    ),
  ];
}

export const serviceRules: RuleFamily<"swarm-service"> = {
  kind: "swarm-service",
  rules: ["restart-policy-none", "stack-restart-attempts-bounded", "stack-state-unpinned"],
  check: ({ service, object }) => [...restartNone(service, object), ...attemptsRunOut(service, object), ...stateUnpinned(service, object)],
};
