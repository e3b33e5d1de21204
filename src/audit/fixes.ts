// The concrete fix for a workload, in the terms of its source: a docker command, a compose key, a profile key.
import type { Fix } from "./finding.js";
import type { FixTarget } from "./workload.js";

export const quote = (text: string) => (/^[A-Za-z0-9_./:@=-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

function docker(target: Extract<FixTarget, { kind: "container" }>): string {
  return target.defaultEndpoint ? "docker" : `docker -H ${quote(target.endpoint)}`;
}

export function restartFix(target: FixTarget): Fix {
  switch (target.kind) {
    case "container":
      return {
        text: `give ${target.name} the unless-stopped policy (takes effect at once, no restart needed)`,
        commands: [`${docker(target)} update --restart unless-stopped ${quote(target.name)}`],
      };
    case "compose":
      if (target.stack) return { text: `set \`deploy.restart_policy.condition: any\` on services.${target.service} in ${target.file} (docker stack deploy ignores restart:)` };
      return { text: `set \`restart: unless-stopped\` on services.${target.service} in ${target.file}` };
    case "profile":
      return { text: `set \`restart: unless-stopped\` on ${target.path} in ${target.file}` };
  }
}

export function volumeFix(target: FixTarget, dataPath: string): Fix {
  switch (target.kind) {
    case "container":
      return {
        text:
          `recreate ${target.name} with a named volume at ${dataPath} (copy the data out first: ` +
          `${docker(target)} cp ${target.name}:${dataPath} ./${target.name}-data)`,
      };
    case "compose":
      return {
        text:
          `add \`volumes: ["${target.service}-data:${dataPath}"]\` to services.${target.service} and \`${target.service}-data: {}\` under the top-level volumes: in ${target.file}` +
          (target.stack ? ", and pin the service to one node (deploy.placement.constraints: [node.hostname == NODE]): a volume lives on one node" : ""),
      };
    case "profile":
      return { text: `set \`state: volume\` on ${target.path} in ${target.file}` };
  }
}

export function startFix(target: FixTarget): Fix {
  if (target.kind !== "container") return { text: "start it again" };
  return { text: `start ${target.name} again (or remove it if it is retired)`, commands: [`${docker(target)} start ${quote(target.name)}`] };
}

export function healthcheckFix(target: FixTarget): Fix {
  if (target.kind === "compose") return { text: `add a healthcheck: (test, interval: 10s, start_period) to services.${target.service} in ${target.file}` };
  if (target.kind === "container") return { text: `recreate ${target.name} with --health-cmd (or a HEALTHCHECK in its image)` };
  return { text: "add a healthcheck" };
}

export function stopGraceFix(target: FixTarget, seconds: number): Fix {
  if (target.kind === "compose") return { text: `set \`stop_grace_period: ${seconds}s\` on services.${target.service} in ${target.file}` };
  if (target.kind === "container") return { text: `recreate ${target.name} with --stop-timeout ${seconds}` };
  return { text: `let it stop within ${seconds} s` };
}

export function sigtermFix(target: FixTarget): Fix {
  if (target.kind === "profile") return { text: `set \`ignoreSigterm: false\` on ${target.path} in ${target.file}` };
  return {
    text:
      "make the process exit on SIGTERM after persisting (a shell or node as PID 1 ignores it: use exec, --init, " +
      "or a signal handler), or raise its stop timeout",
  };
}
