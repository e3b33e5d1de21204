// Live Swarm services as audit subjects (pure): GET /services answers in, facts with Swarm's defaults out.
import type { ServiceInfo } from "../../docker/audit-reader.js";
import type { RestartField, ServiceFacts, ServiceMode } from "../service-subject.js";
import type { Subject } from "../subjects.js";

/** What swarmkit applies to a field the spec leaves out (api/defaults: condition any, delay 5 s, 0, 0). */
export const SWARM_RESTART_DEFAULTS = { Condition: "any", Delay: 5e9, MaxAttempts: 0, Window: 0 } as const;

function modeOf(mode: NonNullable<ServiceInfo["Spec"]>["Mode"]): ServiceMode {
  if (mode?.Global) return "global";
  if (mode?.ReplicatedJob) return "replicated-job";
  if (mode?.GlobalJob) return "global-job";
  return "replicated";
}

export function serviceFacts(info: ServiceInfo): ServiceFacts {
  const spec = info.Spec ?? {};
  const task = spec.TaskTemplate ?? {};
  const policy = task.RestartPolicy ?? {};
  const defaulted: RestartField[] = [];
  const pick = <F extends RestartField>(field: F, given: string | number | undefined) => {
    // An empty condition is what the API gives back for an unset one; swarmkit treats it as the default.
    if (given === undefined || given === "") {
      defaulted.push(field);
      return SWARM_RESTART_DEFAULTS[field];
    }
    return given;
  };
  return {
    id: info.ID,
    name: spec.Name ?? info.ID,
    mode: modeOf(spec.Mode),
    condition: String(pick("Condition", policy.Condition)),
    delayNs: Number(pick("Delay", policy.Delay)),
    maxAttempts: Number(pick("MaxAttempts", policy.MaxAttempts)),
    windowNs: Number(pick("Window", policy.Window)),
    defaulted,
    mounts: (task.ContainerSpec?.Mounts ?? []).map((m) => ({
      type: m.Type ?? "volume",
      source: m.Source ?? "",
      target: m.Target ?? "",
      readOnly: Boolean(m.ReadOnly),
      driver: m.VolumeOptions?.DriverConfig?.Name || undefined,
    })),
    constraints: task.Placement?.Constraints ?? [],
  };
}

export function serviceSubjects(services: ServiceInfo[], endpoint: string, defaultEndpoint: string): Subject[] {
  return services.map((info) => {
    const facts = serviceFacts(info);
    return { kind: "swarm-service", object: { kind: "service", name: facts.name, id: facts.id, scope: endpoint }, service: { facts, endpoint, defaultEndpoint: endpoint === defaultEndpoint } };
  });
}
