// Compose services as workloads (for the shared restart, state, health and shutdown rules).
import { at, type AuditObject } from "../finding.js";
import type { StateKind, Workload } from "../workload.js";
import type { ComposeMount, ComposeProject, ComposeService } from "./model.js";
import { describeRuntimes, describeStack, runtimesOf, stackPolicy } from "./runtimes.js";

export function serviceObject(project: ComposeProject, service: ComposeService): AuditObject {
  return { kind: "service", name: service.name, file: service.at.file, line: service.at.line, scope: project.files.join(",") };
}

const writable = (m: ComposeMount) => (m.kind === "named" || m.kind === "bind") && !m.readOnly;
const describeMount = (m: ComposeMount) => `${m.kind} ${m.source ? `${m.source}:` : ""}${m.target}${m.readOnly ? ":ro" : ""} (${at(m.at)})`;

function stateOf(service: ComposeService): { value: StateKind; evidence: string } {
  const persistent = service.mounts.find(writable);
  if (persistent) return { value: persistent.kind === "bind" ? "bind" : "named-volume", evidence: describeMount(persistent) };
  const anonymous = service.mounts.find((m) => m.kind === "anonymous");
  if (anonymous) return { value: "anonymous-volume", evidence: describeMount(anonymous) };
  const tmpfs = service.mounts.find((m) => m.kind === "tmpfs");
  if (tmpfs) return { value: "tmpfs", evidence: `only tmpfs: ${describeMount(tmpfs)}` };
  const ro = service.mounts.length > 0 ? ` (only read-only mounts: ${service.mounts.map(describeMount).join(", ")})` : "";
  return { value: "container-fs", evidence: `no writable volume or bind mount in services.${service.name} (${at(service.at)})${ro}` };
}

export function composeWorkload(project: ComposeProject, service: ComposeService): Workload {
  const view = runtimesOf(service);
  const health = service.healthcheck;
  return {
    object: serviceObject(project, service),
    target: { kind: "compose", file: service.at.file, service: service.name },
    restart: { value: view.composeV2, evidence: describeRuntimes(service, view), at: service.restart?.at ?? service.at },
    state: stateOf(service),
    dataPath: service.mounts.find((m) => m.kind === "anonymous" || m.kind === "tmpfs")?.target ?? "/data",
    healthcheck: health
      ? {
          value: { present: !health.disabled, intervalSeconds: health.interval?.value ?? 30 },
          evidence: health.disabled ? `healthcheck disabled (${at(health.at)})` : `healthcheck interval ${health.interval?.value ?? 30} s (${at(health.interval?.at ?? health.at)})`,
        }
      : { value: { present: false }, evidence: `no healthcheck: key in services.${service.name} (${at(service.at)}); an image HEALTHCHECK, if any, still applies` },
    stopGraceSeconds: service.stopGracePeriod && {
      value: service.stopGracePeriod.value,
      evidence: `stop_grace_period: ${service.stopGracePeriod.value} s (${at(service.stopGracePeriod.at)})`,
    },
  };
}

/** The same service as docker stack deploy runs it: Swarm's restart condition instead of restart:, the same state and health. */
export function stackWorkload(project: ComposeProject, service: ComposeService): Workload {
  const workload = composeWorkload(project, service);
  return {
    ...workload,
    object: { ...workload.object, scope: `stack ${project.files.join(",")}` },
    target: { kind: "compose", file: service.at.file, service: service.name, stack: true },
    restart: { value: stackPolicy(service), evidence: describeStack(service), at: service.deployRestart?.condition?.at ?? service.deployRestart?.at ?? service.at },
  };
}
