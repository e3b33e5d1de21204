// What a fault works with, and the shape every fault kind implements: a record (targets and undo actions,
// journaled before anything happens) and a run that injects the fault and, for transient ones, ends it.
import type { FleetHost } from "../fleet/hosts.js";
import type { FaultRecord } from "../journal/entries.js";
import type { FaultSpec } from "../profile/schema.js";
import type { PlannedContainer } from "../topology/plan.js";

export interface FaultEnv {
  hosts: Map<string, FleetHost>;
  members: PlannedContainer[];
  seed: number;
  signal: AbortSignal;
  log: (line: string) => void;
}

export interface PreparedFault {
  record: FaultRecord;
  /** Injects the fault; a transient fault (a pause, a daemon restart) also ends it before resolving. */
  run(): Promise<void>;
}

export type FaultFactory = (spec: FaultSpec, id: string, env: FaultEnv) => Promise<PreparedFault>;

export function hostOf(env: FaultEnv, key: string): FleetHost {
  const host = env.hosts.get(key);
  if (!host) throw new Error(`no host ${key} in this experiment`);
  return host;
}
