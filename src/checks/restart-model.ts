// Docker's restart rules as one pure model: the state a container's fate depends on, and how each thing that can
// happen to a container or its daemon changes it. restart-policy judges runs with it, `rebound matrix` compares it
// with what an engine really does. Each rule names its sources: the Docker documentation ("Start containers
// automatically", https://docs.docker.com/engine/containers/start-containers-automatically/, and "Live restore",
// https://docs.docker.com/engine/daemon/live-restore/) and the moby code that implements it.
import type { DockerEffect } from "../faults/catalog.js";

export type PolicyName = "no" | "always" | "unless-stopped" | "on-failure";

export interface RestartPolicy {
  name: PolicyName;
  /** on-failure:N's N; 0 means no limit (restartmanager: "the default value of 0 ... we will not enforce a maximum"). */
  maxRetries: number;
}

export function parsePolicy(text: string): RestartPolicy {
  const [name = "no", retries] = text.split(":");
  const known: PolicyName[] = ["no", "always", "unless-stopped", "on-failure"];
  const policy = (known as string[]).includes(name) ? (name as PolicyName) : "no";
  return { name: policy, maxRetries: policy === "on-failure" && retries ? Number.parseInt(retries, 10) || 0 : 0 };
}

export const policyText = (p: RestartPolicy) => (p.name === "on-failure" && p.maxRetries > 0 ? `on-failure:${p.maxRetries}` : p.name);

/** Everything Docker's decision for one container depends on. */
export interface RestartState {
  policy: RestartPolicy;
  /** undefined: the model cannot know (on-failure after an exit nobody saw). */
  running: boolean | undefined;
  /** Running, but its daemon is gone (crashed without live-restore): the next daemon start decides. */
  orphaned: boolean;
  /** moby's HasBeenManuallyStopped: set by a kill or stop through the API, cleared by a start. */
  stoppedByUser: boolean;
  /** The code of its last exit; undefined when nobody saw it. Only zero / non-zero matters to Docker. */
  exitCode: number | undefined;
  /** The restart manager's count of policy restarts since the last start by the user or the daemon. */
  restarts: number;
}

export const runningContainer = (policy: RestartPolicy): RestartState => ({
  policy,
  running: true,
  orphaned: false,
  stoppedByUser: false,
  exitCode: undefined,
  restarts: 0,
});

/** One thing that happens to a container or to its daemon, as Docker sees it. */
export type DockerStep =
  /** The process ended without the API: a signal from the host, a crash, the OOM killer. */
  | { step: "process-exit"; exitCode: number | undefined }
  | { step: "api-kill"; exitCode: number | undefined }
  | { step: "api-stop"; exitCode: number | undefined }
  | { step: "api-start" }
  /** A graceful daemon stop: SIGTERM to every container, SIGKILL after the shutdown timeout (0 or 137). */
  | { step: "daemon-stop"; liveRestore: boolean; exitCode: number | undefined }
  | { step: "daemon-crash"; liveRestore: boolean }
  /** Power lost: every process is gone, the daemon's on-disk state still says "running". */
  | { step: "power-loss" }
  | { step: "containerd-restart" }
  /** The daemon starts: it restores what it can and applies each stopped container's policy. */
  | { step: "daemon-start"; liveRestore: boolean; exitCode: number | undefined }
  | { step: "recreate" };

export type RuleId =
  | "policy-on-exit"
  | "user-stop"
  | "user-start"
  | "daemon-stop"
  | "live-restore"
  | "crash-orphans"
  | "power-loss"
  | "containerd-restart"
  | "daemon-start"
  | "recreate"
  | "not-running";

export interface Rule {
  /** What Docker promises, in a sentence an operator can act on. */
  text: string;
  /** Where the promise is written: the documentation, and the moby code that keeps it. */
  sources: string[];
}

const DOCS = "docs.docker.com/engine/containers/start-containers-automatically";

export const RULES: Record<RuleId, Rule> = {
  "policy-on-exit": {
    text: "when the process exits, always restarts it, unless-stopped restarts it unless a user stopped it, on-failure restarts a non-zero exit while its retries last, no leaves it down",
    sources: [DOCS, "moby restartmanager/restartmanager.go ShouldRestart", "moby daemon/monitor.go handleContainerExit"],
  },
  "user-stop": {
    text: "a kill or stop through the API counts as stopped by the user: no policy restarts it until a user starts it or the daemon starts again",
    sources: [`${DOCS} (restart policy details)`, "moby daemon/kill.go killWithSignal: ExitOnNext cancels the restart manager, HasBeenManuallyStopped = true"],
  },
  "user-start": {
    text: "a start through the API runs it and clears the stopped-by-user mark and the retry count",
    sources: ["moby daemon/start.go containerStart(resetRestartManager)"],
  },
  "daemon-stop": {
    text: "a daemon that stops without live-restore stops every container (SIGTERM, SIGKILL after --shutdown-timeout) and restarts none of them while it shuts down; that is not a user stop",
    sources: ["moby daemon/daemon.go Shutdown", "moby daemon/kill.go: HasBeenManuallyStopped only when the daemon is not shutting down"],
  },
  "live-restore": {
    text: "with live-restore, containers keep running while the daemon is down and the daemon reattaches to them when it starts",
    sources: ["docs.docker.com/engine/daemon/live-restore", "moby daemon/daemon.go restore"],
  },
  "crash-orphans": {
    text: "a daemon killed without live-restore leaves its containers running under containerd; the next daemon start stops them and then applies their policy as for a daemon restart",
    sources: ["moby daemon/daemon.go restore: a live container without live-restore is shut down", DOCS],
  },
  "power-loss": {
    text: "a host that loses power takes every process with it; the daemon finds the containers dead when it starts (killed: a non-zero exit) and applies their policy",
    sources: ["moby daemon/daemon.go restore: a container that is not alive is marked stopped", DOCS],
  },
  "containerd-restart": {
    text: "a containerd restart leaves the containers running: their shims keep them while dockerd starts a new containerd and reconnects",
    sources: ["containerd runtime v2 shims outlive containerd", "moby libcontainerd/supervise/remote_daemon.go monitorDaemon"],
  },
  "daemon-start": {
    text: "when the daemon starts, it starts always containers (even after a user stop), unless-stopped ones that no user stopped, on-failure ones whose last exit was non-zero within their retries; no stays down",
    sources: [DOCS, "moby daemon/daemon.go restore: AutoRestart && ShouldRestart()", "moby container/container.go ShouldRestart"],
  },
  recreate: {
    text: "a container removed and created again starts fresh: running, no user stop, no retries counted",
    sources: ["moby daemon/create.go"],
  },
  "not-running": {
    text: "a container that is not running is not touched by this",
    sources: [],
  },
};

export interface Transition {
  state: RestartState;
  rule: RuleId;
}

/** moby's restartmanager.ShouldRestart, for a container whose exit code may be unknown: undefined then. */
export function policyRestarts(state: Pick<RestartState, "policy" | "restarts">, exitCode: number | undefined, stoppedByUser: boolean): boolean | undefined {
  const { policy } = state;
  switch (policy.name) {
    case "no":
      return false;
    case "always":
      return true;
    case "unless-stopped":
      return !stoppedByUser;
    case "on-failure":
      if (policy.maxRetries > 0 && state.restarts >= policy.maxRetries) return false;
      return exitCode === undefined ? undefined : exitCode !== 0;
  }
}

export function applyStep(state: RestartState, step: DockerStep): Transition {
  switch (step.step) {
    case "process-exit": {
      if (state.running === false) return { state, rule: "not-running" };
      const restart = policyRestarts(state, step.exitCode, state.stoppedByUser);
      return {
        state: { ...state, running: restart, exitCode: step.exitCode, restarts: restart ? state.restarts + 1 : state.restarts },
        rule: "policy-on-exit",
      };
    }
    case "api-kill":
    case "api-stop":
      if (state.running === false) return { state, rule: "not-running" };
      return { state: { ...state, running: false, stoppedByUser: true, exitCode: step.exitCode }, rule: "user-stop" };
    case "api-start":
      return { state: { ...state, running: true, orphaned: false, stoppedByUser: false, restarts: 0 }, rule: "user-start" };
    case "daemon-stop":
      if (step.liveRestore) return { state, rule: "live-restore" };
      if (state.running === false) return { state, rule: "not-running" };
      return { state: { ...state, running: false, exitCode: step.exitCode }, rule: "daemon-stop" };
    case "daemon-crash":
      if (step.liveRestore) return { state, rule: "live-restore" };
      if (state.running === false) return { state, rule: "not-running" };
      return { state: { ...state, orphaned: true }, rule: "crash-orphans" };
    case "power-loss":
      if (state.running === false) return { state, rule: "not-running" };
      // SIGKILLed with everything else: 137 by construction, whatever the process would have done with SIGTERM.
      return { state: { ...state, running: false, orphaned: false, exitCode: 137 }, rule: "power-loss" };
    case "containerd-restart":
      return { state, rule: "containerd-restart" };
    case "recreate":
      return { state: { ...runningContainer(state.policy) }, rule: "recreate" };
    case "daemon-start": {
      if (state.orphaned) {
        if (step.liveRestore) return { state: { ...state, orphaned: false }, rule: "live-restore" };
        // The daemon stops what it cannot keep, with the stop timeout: the exit depends on how the process takes SIGTERM.
        const stopped: RestartState = { ...state, orphaned: false, running: false, exitCode: step.exitCode };
        return { state: started(stopped), rule: "crash-orphans" };
      }
      if (state.running !== false) return { state, rule: step.liveRestore ? "live-restore" : "not-running" };
      return { state: started(state), rule: "daemon-start" };
    }
  }
}

/** The daemon's start-up decision for a stopped container; a start resets the retry count and the user-stop mark. */
function started(state: RestartState): RestartState {
  const restart = policyRestarts(state, state.exitCode, state.stoppedByUser);
  return restart === false ? state : { ...state, running: restart, stoppedByUser: false, restarts: 0 };
}

/** Folds steps over a state, keeping the rule of each step that changed (or decided) something. */
export function applySteps(state: RestartState, steps: DockerStep[]): { state: RestartState; rules: RuleId[] } {
  const rules: RuleId[] = [];
  let current = state;
  for (const step of steps) {
    const next = applyStep(current, step);
    current = next.state;
    if (next.rule !== "not-running" && !rules.includes(next.rule)) rules.push(next.rule);
  }
  return { state: current, rules };
}

/** What the run knows when it turns a fault into Docker steps. */
export interface FaultContext {
  liveRestore: boolean;
  /** How the process ended when the fault took it down, if anyone saw it. */
  exitCode: number | undefined;
}

/** The Docker steps a fault of the catalogue amounts to, from its effect (src/faults/catalog.ts). */
export function stepsOfEffect(effect: DockerEffect, ctx: FaultContext): DockerStep[] {
  const { liveRestore, exitCode } = ctx;
  switch (effect) {
    case "process-exit":
      return [{ step: "process-exit", exitCode }];
    case "api-kill":
      return [{ step: "api-kill", exitCode }];
    case "api-stop":
    case "api-restart":
      // stop starts the container again after its duration; restart at once: both end with a user start.
      return [{ step: "api-stop", exitCode }, { step: "api-start" }];
    case "api-remove":
      return [{ step: "recreate" }];
    case "daemon-stop":
      return [{ step: "daemon-stop", liveRestore, exitCode }, { step: "daemon-start", liveRestore, exitCode }];
    case "daemon-crash":
      return [{ step: "daemon-crash", liveRestore }, { step: "daemon-start", liveRestore, exitCode }];
    case "host-reboot":
      return [{ step: "power-loss" }, { step: "daemon-start", liveRestore, exitCode }];
    case "containerd-restart":
      return [{ step: "containerd-restart" }];
    case "freeze":
    case "network":
    case "node-drain":
      return [];
  }
}
