// What each runtime makes of a service's restart keys. docker compose (v2) lets deploy.restart_policy win over
// restart: (condition any -> always, none -> no, no condition -> no policy) and drops delay and window;
// docker-compose 1.x reads only restart:; docker stack deploy reads only deploy.restart_policy (default any).
import { at } from "../finding.js";
import { inputError } from "../../errors.js";
import { formatRestart, parseRestart, type RestartPolicy } from "../workload.js";
import type { ComposeService } from "./model.js";

export interface RuntimeView {
  /** docker compose up (v2): the container's policy. */
  composeV2: RestartPolicy;
  composeV2From: "restart" | "deploy" | "default";
  /** docker-compose 1.x (Debian's docker-compose package) without --compatibility. */
  composeV1: RestartPolicy;
  /** docker stack deploy: Swarm's restart condition for the service's tasks. */
  stack: string;
  /** The restart: key as a policy, when present. */
  restartKey?: RestartPolicy;
}

const CONDITIONS: Record<string, RestartPolicy["name"]> = { none: "no", no: "no", "on-failure": "on-failure", "unless-stopped": "unless-stopped", any: "always", always: "always" };

function restartKey(service: ComposeService): RestartPolicy | undefined {
  if (!service.restart) return undefined;
  const policy = parseRestart(service.restart.text);
  if (!policy) {
    const { file, line, column } = service.restart.at;
    throw inputError(`${file}:${line}:${column ?? 1}: services.${service.name}.restart: expected one of no, always, unless-stopped, on-failure[:N], got "${service.restart.text}"`);
  }
  return policy;
}

/** A Swarm restart condition as a policy; an unknown one is an error at its spot. */
function policyOfCondition(service: ComposeService, condition: string): RestartPolicy {
  const name = CONDITIONS[condition];
  if (!name) {
    const { file, line, column } = service.deployRestart!.condition!.at;
    throw inputError(`${file}:${line}:${column ?? 1}: services.${service.name}.deploy.restart_policy.condition: expected none, on-failure or any, got "${condition}"`);
  }
  const attempts = service.deployRestart?.maxAttempts?.value;
  return name === "on-failure" && attempts ? { name, maxRetries: attempts } : { name };
}

function deployPolicy(service: ComposeService): RestartPolicy | undefined {
  if (!service.deployRestart) return undefined;
  const condition = service.deployRestart.condition?.value ?? "";
  return condition === "" ? { name: "no" } : policyOfCondition(service, condition);
}

export function runtimesOf(service: ComposeService): RuntimeView {
  const fromRestart = restartKey(service);
  const fromDeploy = deployPolicy(service);
  return {
    composeV2: fromDeploy ?? fromRestart ?? { name: "no" },
    composeV2From: fromDeploy ? "deploy" : fromRestart ? "restart" : "default",
    composeV1: fromRestart ?? { name: "no" },
    stack: service.deployRestart?.condition?.value || "any",
    restartKey: fromRestart,
  };
}

/** docker stack deploy's view: condition any (the default) restarts on every exit, none never, on-failure on a non-zero exit. */
export function stackPolicy(service: ComposeService): RestartPolicy {
  return policyOfCondition(service, service.deployRestart?.condition?.value || "any");
}

/** Where the stack's restart condition comes from, and that restart: does not count there. */
export function describeStack(service: ComposeService): string {
  const condition = service.deployRestart?.condition;
  const from = condition ? `deploy.restart_policy.condition: ${condition.value} (${at(condition.at)})` : service.deployRestart ? `deploy.restart_policy without condition (${at(service.deployRestart.at)}): any` : "no deploy.restart_policy: condition any";
  const ignored = service.restart ? `; restart: ${service.restart.text} (${at(service.restart.at)}) is ignored by docker stack deploy` : "";
  return `docker stack deploy: ${from}${ignored}`;
}

/** One line that says what each runtime will do, with the keys that decide it. */
export function describeRuntimes(service: ComposeService, view: RuntimeView): string {
  const restart = service.restart ? `restart: ${service.restart.text} (${at(service.restart.at)})` : "no restart: key";
  if (!service.deployRestart) return `${restart}; docker compose and docker-compose 1.x: ${formatRestart(view.composeV2)}`;
  const deploy = `deploy.restart_policy (${at(service.deployRestart.at)})`;
  return (
    `${restart}; ${deploy}: docker compose up: ${formatRestart(view.composeV2)} (from ${view.composeV2From}); ` +
    `docker-compose 1.x: ${formatRestart(view.composeV1)} (ignores deploy:); docker stack deploy: condition ${view.stack} (ignores restart:)`
  );
}

