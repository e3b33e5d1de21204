// Compose-only traps: keys that different runtimes (compose v2, docker-compose 1.x, stack deploy) read differently.
import { finding } from "./catalog.js";
import { at, type AuditObject, type Finding } from "./finding.js";
import type { ComposeService } from "./compose/model.js";
import { runtimesOf } from "./compose/runtimes.js";
import type { RuleFamily } from "./subjects.js";
import { formatRestart, type RestartPolicy } from "./workload.js";

const same = (a: RestartPolicy, b: RestartPolicy) => formatRestart(a) === formatRestart(b);
const where = (service: ComposeService) => `services.${service.name} in ${service.at.file}`;

function checkService(service: ComposeService, object: AuditObject): Finding[] {
  const findings: Finding[] = [];
  const view = runtimesOf(service);
  const deploy = service.deployRestart;
  if (service.restart?.unquotedBoolean) {
    findings.push(
      finding("restart-no-unquoted", object, `restart: ${service.restart.text} is unquoted: YAML 1.1 readers (docker-compose 1.x) see the boolean false and reject the file`, [`${at(service.restart.at)}: restart: ${service.restart.text}`], {
        text: `write \`restart: "no"\` (quoted) at ${at(service.restart.at)}`,
      }),
    );
  }
  if (deploy && !service.restart) {
    findings.push(
      finding(
        "deploy-restart-policy-ignored",
        object,
        `only deploy.restart_policy: docker compose up gives the container ${formatRestart(view.composeV2)}, but docker-compose 1.x ignores deploy: and gives it no policy`,
        [`deploy.restart_policy (${at(deploy.at)}); no restart: key`],
        { text: `add \`restart: ${view.composeV2.name === "always" ? "unless-stopped" : formatRestart(view.composeV2)}\` next to deploy: on ${where(service)}` },
      ),
    );
  }
  if (deploy && view.restartKey && !same(view.restartKey, view.composeV2)) {
    findings.push(
      finding(
        "restart-deploy-conflict",
        object,
        `restart: ${formatRestart(view.restartKey)} but deploy.restart_policy means ${formatRestart(view.composeV2)}: docker compose up applies ${formatRestart(view.composeV2)}, docker-compose 1.x ${formatRestart(view.composeV1)}, docker stack deploy condition ${view.stack}`,
        [`restart: (${at(service.restart!.at)})`, `deploy.restart_policy (${at(deploy.at)})`],
        { text: `make restart: and deploy.restart_policy.condition say the same on ${where(service)}` },
      ),
    );
  }
  const ignored = deploy && [deploy.delay, deploy.window].filter((v) => v !== undefined);
  if (deploy && ignored && ignored.length > 0) {
    findings.push(
      finding(
        "deploy-restart-delay-ignored",
        object,
        "deploy.restart_policy delay/window apply only under docker stack deploy; compose up restarts at once, with Docker's own back-off",
        ignored.map((v) => `${at(v!.at)}: ${v!.value}`),
        { text: "drop delay and window, or deploy with docker stack deploy if you rely on them" },
      ),
    );
  }
  const attempts = deploy?.maxAttempts;
  if (attempts && attempts.value > 0 && view.composeV2.name !== "on-failure") {
    findings.push(
      finding(
        "restart-max-attempts-rejected",
        object,
        `max_attempts ${attempts.value} with condition ${deploy.condition?.value ?? "(none)"}: docker compose passes it as the container's retry count, which Docker Engine 25+ refuses for any policy but on-failure`,
        [`${at(attempts.at)}: max_attempts: ${attempts.value}`],
        { text: `remove max_attempts (or use condition: on-failure) on ${where(service)}` },
      ),
    );
  }
  return findings;
}

export const composeRules: RuleFamily<"compose-service"> = {
  kind: "compose-service",
  rules: ["restart-no-unquoted", "deploy-restart-policy-ignored", "restart-deploy-conflict", "deploy-restart-delay-ignored", "restart-max-attempts-rejected"],
  check: (subject) => checkService(subject.service, subject.object),
};
