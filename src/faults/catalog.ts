// Every fault kind rebound knows, in one place: its family, what Docker sees when it hits a container, its
// parameters with their defaults, and the checks that judge it. The profile schema and rules, the injectors
// (src/faults/injectors.ts, typed to have exactly one per kind), the method and the checks all read this table;
// nothing else lists fault kinds. Pure data: checks may import it.
import type { CheckName } from "../timeline/check-names.js";

/** node: a swarm node as its managers see it (availability, membership); its daemon keeps running. */
export type FaultFamily = "container" | "daemon" | "node" | "network";

/**
 * What Docker sees, which decides whether a policy brings the container back (moby's restart manager and
 * daemon start-up): its process exits (policy applies), the API kills or stops it (stopped by the user: no
 * restart), the daemon stops it or dies, the host loses power, containerd restarts, or only the network changes.
 */
export type DockerEffect =
  | "process-exit"
  | "api-kill"
  | "api-stop"
  | "api-restart"
  | "api-remove"
  | "freeze"
  | "daemon-stop"
  | "daemon-crash"
  | "host-reboot"
  | "containerd-restart"
  | "node-drain"
  | "network";

export interface FaultParameters {
  signal: string;
  timeout: number;
  duration: number;
  downSeconds: number;
  package: "docker-ce" | "docker.io" | "containerd";
  unpackSeconds: number;
  reboot: boolean;
  latencyMs: number;
}

export type ParameterName = keyof FaultParameters;

export interface FaultInfo {
  family: FaultFamily;
  effect: DockerEffect;
  summary: string;
  /** The parameters this fault takes, each with its default; any other parameter is a profile error. */
  parameters: Partial<FaultParameters>;
  /** Checks whose verdict this fault feeds. */
  judgedBy: readonly CheckName[];
  /**
   * The checks that show whether the fleet survived this fault's own point (a subset of judgedBy): when every one
   * of them is n/a for every fault of a run, the run tested nothing and ends inconclusive, never pass.
   */
  about: readonly CheckName[];
  /**
   * What shows that the fault took hold of its targets: down (a target's process ended or restarted), paused,
   * replaced (removed and created again), cut-off (a target lost its peers or stopped answering), or injected
   * (the injector's own confirmation is all there is: a latency, a containerd restart under running containers).
   */
  observedBy: FaultObservation;
}

export type FaultObservation = "down" | "paused" | "replaced" | "cut-off" | "injected";

/** Checks that judge the aftermath of any fault: recovery, state, consensus, activation, PoETs, containment. */
const AFTERMATH = ["recovery-time", "resume", "consensus-liveness", "activation", "poet-availability", "containment"] as const;
/** Docker's restart rules decide what happens next. */
const POLICY = ["restart-policy", ...AFTERMATH] as const;
/** Docker stops the container with SIGTERM and its stop timeout: a clean exit is expected. */
const GRACEFUL = ["graceful-shutdown", ...AFTERMATH] as const;
/** A container came back (or should have): from where, how fast, with its state. */
const CAME_BACK = ["recovery-time", "resume"] as const;

export const FAULT_CATALOG = {
  kill: { family: "container", effect: "process-exit", summary: "a signal to the container's main process from the host, by its PID", parameters: { signal: "SIGKILL" }, judgedBy: POLICY, about: ["restart-policy", ...CAME_BACK], observedBy: "down" },
  "api-kill": { family: "container", effect: "api-kill", summary: "the same kill through the Docker API: stopped by the user", parameters: { signal: "SIGKILL" }, judgedBy: POLICY, about: ["restart-policy", ...CAME_BACK], observedBy: "down" },
  stop: { family: "container", effect: "api-stop", summary: "docker stop, then start again after duration", parameters: { timeout: 10, duration: 5 }, judgedBy: GRACEFUL, about: ["graceful-shutdown", ...CAME_BACK], observedBy: "down" },
  restart: { family: "container", effect: "api-restart", summary: "docker restart", parameters: { timeout: 10 }, judgedBy: GRACEFUL, about: ["graceful-shutdown", ...CAME_BACK], observedBy: "down" },
  pause: { family: "container", effect: "freeze", summary: "freeze for duration, then unpause", parameters: { duration: 5 }, judgedBy: AFTERMATH, about: ["consensus-liveness"], observedBy: "paused" },
  recreate: { family: "container", effect: "api-remove", summary: "remove and create again from the same spec; volumes stay", parameters: {}, judgedBy: AFTERMATH, about: [...CAME_BACK], observedBy: "replaced" },
  "daemon-restart": { family: "daemon", effect: "daemon-stop", summary: "stop the daemon, stay down, start it", parameters: { downSeconds: 0 }, judgedBy: [...POLICY, "graceful-shutdown"], about: ["restart-policy", "graceful-shutdown", ...CAME_BACK], observedBy: "down" },
  "daemon-crash": { family: "daemon", effect: "daemon-crash", summary: "SIGKILL the daemon, then start it", parameters: { downSeconds: 0 }, judgedBy: POLICY, about: ["restart-policy", ...CAME_BACK], observedBy: "down" },
  "unattended-upgrade": {
    family: "daemon",
    effect: "daemon-stop",
    summary: "the package's maintainer scripts: stop, unpack, start (docker-ce); optionally an automatic reboot",
    parameters: { package: "docker-ce", unpackSeconds: 5, reboot: false },
    judgedBy: [...POLICY, "graceful-shutdown"],
    about: ["restart-policy", "graceful-shutdown", ...CAME_BACK],
    observedBy: "down",
  },
  "host-reboot": { family: "daemon", effect: "host-reboot", summary: "every container process, the daemon and its containerd SIGKILLed, then the daemon starts", parameters: { downSeconds: 0 }, judgedBy: POLICY, about: ["restart-policy", ...CAME_BACK], observedBy: "down" },
  "containerd-restart": { family: "daemon", effect: "containerd-restart", summary: "SIGTERM the daemon's containerd; dockerd starts a new one", parameters: {}, judgedBy: POLICY, about: ["restart-policy", ...CAME_BACK], observedBy: "injected" },
  "node-drain": {
    family: "node",
    effect: "node-drain",
    summary: "a manager drains the node for duration, then makes it active: Swarm stops its tasks and places them elsewhere, a pinned one waits for the node",
    parameters: { duration: 10 },
    // Swarm replaces a drained task whatever its restart condition: restart-policy has nothing to judge here.
    judgedBy: AFTERMATH,
    about: [...CAME_BACK],
    observedBy: "down",
  },
  partition: { family: "network", effect: "network", summary: "cut the targets off from their peers for duration", parameters: { duration: 10 }, judgedBy: AFTERMATH, about: ["consensus-liveness"], observedBy: "cut-off" },
  delay: { family: "network", effect: "network", summary: "tc netem latency for duration", parameters: { duration: 10, latencyMs: 200 }, judgedBy: AFTERMATH, about: ["consensus-liveness"], observedBy: "injected" },
} as const satisfies Record<string, FaultInfo>;

export type FaultKind = keyof typeof FAULT_CATALOG;

export const FAULT_KINDS = Object.keys(FAULT_CATALOG) as [FaultKind, ...FaultKind[]];

export const isFaultKind = (kind: string): kind is FaultKind => Object.hasOwn(FAULT_CATALOG, kind);

/** The entry of a recorded fault kind (a string in run.json); undefined for a kind this build does not know. */
export const faultInfo = (kind: string): FaultInfo | undefined => (isFaultKind(kind) ? FAULT_CATALOG[kind] : undefined);

/** A daemon fault takes every container of its host with it; the others hit their targets only. */
export const hitsWholeHost = (kind: string) => ["daemon", "node"].includes(faultInfo(kind)?.family ?? "");

/** A container fault done from the host, not through the Docker API: a signal by PID, rules in its network namespace. */
export const actsOnHostProcesses = (kind: string) => ["process-exit", "network"].includes(faultInfo(kind)?.effect ?? "");

export const isJudgedBy = (kind: string, check: CheckName) => faultInfo(kind)?.judgedBy.includes(check) ?? false;

export const parametersOf = (kind: FaultKind) => Object.keys(FAULT_CATALOG[kind].parameters) as ParameterName[];

/** A parameter as the profile gives it, or the fault's default. */
export function parameter<K extends ParameterName>(spec: { fault: FaultKind } & Partial<FaultParameters>, name: K): FaultParameters[K] {
  const defaults: Partial<FaultParameters> = FAULT_CATALOG[spec.fault].parameters;
  const value = spec[name] ?? defaults[name];
  if (value === undefined) throw new Error(`fault ${spec.fault} takes no parameter ${name}`);
  return value as FaultParameters[K];
}
