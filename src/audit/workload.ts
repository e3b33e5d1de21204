// One shape for everything that runs a process: a live container, a compose service, a profile group.
// The restart, state, health and shutdown rules read only this, whatever the source.
import type { AuditObject, Location } from "./finding.js";

export type RestartName = "no" | "always" | "unless-stopped" | "on-failure";

export interface RestartPolicy {
  name: RestartName;
  maxRetries?: number;
}

export type StateKind = "named-volume" | "bind" | "anonymous-volume" | "tmpfs" | "container-fs";

/** Where a fix is applied: each source has its own way to change a workload. */
export type FixTarget =
  | { kind: "container"; name: string; endpoint: string; defaultEndpoint: boolean }
  | { kind: "compose"; file: string; service: string; /** read as docker stack deploy reads it */ stack?: boolean }
  | { kind: "profile"; file: string; path: string };

export interface Sourced<T> {
  value: T;
  /** How it was read: the inspect field, the compose key, the profile key. */
  evidence: string;
  at?: Location;
}

export interface Workload {
  object: AuditObject;
  target: FixTarget;
  restart: Sourced<RestartPolicy>;
  state: Sourced<StateKind>;
  /** Where its data lives or should live, for the fix ("/data" for rebound's stand-ins). */
  dataPath: string;
  /** Undefined when the source cannot tell (an image may bring its own HEALTHCHECK). */
  healthcheck?: Sourced<{ present: boolean; intervalSeconds?: number }>;
  /** Undefined: Docker's default (10 s). */
  stopGraceSeconds?: Sourced<number>;
  /** The process is known to ignore SIGTERM (a profile misbehaviour). */
  ignoresSigterm?: Sourced<boolean>;
  /** Only for live containers: what Docker reports now. */
  live?: { status: string; exitCode: number; oomKilled: boolean; restartCount: number };
}

const RESTART_NAMES: readonly string[] = ["no", "always", "unless-stopped", "on-failure"];

/** "on-failure:3" -> { name, maxRetries }; undefined when Docker would not accept it. */
export function parseRestart(text: string): RestartPolicy | undefined {
  const [name, retries, extra] = text.split(":");
  if (name === undefined || extra !== undefined || !RESTART_NAMES.includes(name)) return undefined;
  if (retries === undefined) return { name: name as RestartName };
  if (name !== "on-failure" || !/^[0-9]+$/.test(retries)) return undefined;
  return { name: "on-failure", maxRetries: Number(retries) };
}

export const formatRestart = (policy: RestartPolicy): string =>
  policy.name === "on-failure" && policy.maxRetries ? `on-failure:${policy.maxRetries}` : policy.name;
