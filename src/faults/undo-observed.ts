// The container undos, each done when Docker (or the container's network namespace) shows it, not when the
// API call returned: a `stop` still in its grace period answers a start with 304 and then stops the container.
import type { FleetHost } from "../fleet/hosts.js";
import type { DockerEngine } from "../docker/engine.js";
import type { UndoAction } from "../journal/entries.js";
import { HEAL_RULES, PARTITION_CHAIN } from "./network-faults.js";

export interface ObserveTiming {
  /** When the fault's intent was journaled: a start seen after it is ours (or the fault's own), not the old one. */
  since?: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** How long a start may take to show, once any grace period is over. */
  settleMs: number;
}

const DEFAULTS: ObserveTiming = {
  now: Date.now,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  settleMs: 30_000,
};
/** The stop call follows its intent entry by a moment; this covers that moment and Docker's own delay. */
const SLACK_MS = 3_000;

/** A paused or cut-off container that is gone took its pause or its rules with it. */
const gone = (container: string) => ({ what: `${container} no longer exists`, moot: `container ${container} no longer exists; nothing to undo` });

/**
 * Starts the container and waits until it runs for good: a container that runs with its old start time while a
 * stop may still be in its grace period is on its way down, so it is waited out, then started again.
 */
export async function startObserved(engine: DockerEngine, container: string, graceSeconds: number, timing: Partial<ObserveTiming> = {}) {
  const { since, now, sleep, settleMs } = { ...DEFAULTS, ...timing };
  const sinceMs = since === undefined ? 0 : Date.parse(since);
  const graceEnd = sinceMs + graceSeconds * 1000 + (graceSeconds > 0 ? SLACK_MS : 0);
  const deadline = Math.max(now(), graceEnd) + settleMs;
  let started = false;
  for (;;) {
    const state = await engine.inspectContainer(container);
    // Its experiment is still up (recover checks that first), so a missing container is a loss, not a success.
    if (!state) throw new Error(`${container} no longer exists (removed mid-recreate, or by hand): \`rebound up\` of its profile creates it again`);
    const startedAfter = Date.parse(state.startedAt) >= sinceMs;
    if (state.running && (startedAfter || now() >= graceEnd)) {
      return { what: started ? `started ${container}` : `${container} runs (started ${state.startedAt})` };
    }
    if (!state.running) {
      await engine.startContainer(container);
      started = true;
    }
    if (now() >= deadline) throw new Error(`${container} is not running ${Math.round((deadline - sinceMs) / 1000)} s after the fault (status ${state.status})`);
    await sleep(250);
  }
}

export async function unpauseObserved(engine: DockerEngine, container: string) {
  const before = await engine.inspectContainer(container);
  if (!before) return gone(container);
  if (before.paused) await engine.unpauseContainer(container);
  const after = await engine.inspectContainer(container);
  if (after?.paused) throw new Error(`${container} is still paused after its unpause`);
  return { what: before.paused ? `unpaused ${container}` : `${container} is not paused` };
}

/**
 * Removes a partition's chain or a delay's qdisc from the namespace of the container's current process. A
 * container that has stopped or restarted since has a new namespace (or none), and the rule went with the old.
 */
export async function healNetns(host: FleetHost, action: Extract<UndoAction, { kind: "heal-partition" | "remove-delay" }>) {
  const { container } = action;
  const state = await host.engine.inspectContainer(container);
  if (!state) return gone(container);
  const what = action.kind === "heal-partition" ? "partition" : "delay";
  if (!state.running || state.pid !== action.pid) return { what: `${container} ${state.running ? "restarted" : "stopped"} since: its ${what} went with its old network namespace` };
  if (action.kind === "heal-partition") {
    for (const rule of action.rules.length > 0 ? action.rules : HEAL_RULES.map((r) => r.join(" "))) {
      await host.processes.inNetns(action.pid, "iptables", ["-w", ...rule.split(" ")], { ifPresent: true });
    }
    // Observed: inside the namespace, the chain must be gone (the shell succeeds only then).
    await host.processes.inNetns(action.pid, "sh", ["-c", `! iptables -w -S ${PARTITION_CHAIN} >/dev/null 2>&1`]).catch(() => {
      throw new Error(`the partition chain is still in ${container}'s network namespace after healing`);
    });
    return { what: `healed the partition of ${container}` };
  }
  await host.processes.inNetns(action.pid, "tc", ["qdisc", "del", "dev", action.device, "root"], { ifPresent: true });
  await host.processes.inNetns(action.pid, "sh", ["-c", `! tc qdisc show dev ${action.device} | grep -q netem`]).catch(() => {
    throw new Error(`a netem delay is still on ${container}'s ${action.device} after removing it`);
  });
  return { what: `removed the delay on ${container}` };
}
