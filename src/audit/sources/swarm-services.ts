// The services of the swarm an audited engine belongs to: read only through a manager (a worker's API cannot
// list them), each service judged once however many managers are audited.
import type { AuditReader, ContainerFilter, DaemonFacts } from "../../docker/audit-reader.js";
import type { Subject } from "../subjects.js";
import { serviceSubjects } from "./services.js";

export interface SwarmServicesRead {
  /** The sources line; undefined when the engine is in no swarm. */
  source?: string;
  subjects: Subject[];
}

export async function readSwarmServices(
  reader: AuditReader,
  daemon: DaemonFacts,
  filter: ContainerFilter,
  at: { endpoint: string; defaultEndpoint: string; how: string },
  seen: Set<string>,
): Promise<SwarmServicesRead> {
  if (daemon.swarm !== "active" || !reader.services) return { subjects: [] };
  if (!daemon.manager) return { source: `swarm services not read through ${at.how}: a worker cannot list them; audit a manager (-H) to judge them`, subjects: [] };
  const all = await reader.services(filter);
  // Every manager answers for the same swarm.
  const fresh = all.filter((s) => !seen.has(s.ID));
  fresh.forEach((s) => seen.add(s.ID));
  const again = all.length > fresh.length ? ` (${all.length - fresh.length} more already read through another manager)` : "";
  return { source: `swarm manager ${at.how}: ${fresh.length} services${again}`, subjects: serviceSubjects(fresh, at.endpoint, at.defaultEndpoint) };
}
