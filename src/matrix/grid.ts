// The matrix as data: which cells it measures, and what Docker's rules (src/checks/restart-model.ts) promise for
// each. Pure, so the documented side is unit-tested without Docker and the measured side is only compared to it.
import { MATRIX_FAULTS, type MatrixCell, type MatrixFault, type SigtermBehaviour } from "../checks/engine-behaviour.js";
import { applySteps, parsePolicy, runningContainer, stepsOfEffect, type DockerStep, type RuleId } from "../checks/restart-model.js";

export const MATRIX_POLICIES = ["no", "always", "unless-stopped", "on-failure", "on-failure:2"] as const;
export const SIGTERM_BEHAVIOURS: readonly SigtermBehaviour[] = ["exits", "ignores"];

/** Host kills in a row for repeated-kills: one more than on-failure:2 allows, so its limit shows. */
export const REPEATED_KILLS = 3;

/** SIGKILL, from the host or through the API: 128 + 9 whatever the process does with SIGTERM. */
const KILLED = 137;

export interface MatrixSelection {
  policies: readonly string[];
  faults: readonly MatrixFault[];
  liveRestore: readonly boolean[];
}

export const FULL_SELECTION: MatrixSelection = { policies: MATRIX_POLICIES, faults: MATRIX_FAULTS, liveRestore: [false, true] };

/** One container of a fault's batch: the same ten (policy x SIGTERM behaviour) on every daemon and fault. */
export interface MatrixSubject {
  policy: string;
  sigterm: SigtermBehaviour;
}

export function subjectsOf(selection: Pick<MatrixSelection, "policies">): MatrixSubject[] {
  return selection.policies.flatMap((policy) => SIGTERM_BEHAVIOURS.map((sigterm) => ({ policy, sigterm })));
}

/** How the process ends when a graceful stop (the daemon's, with the stop timeout) reaches it. */
export const gracefulExit = (sigterm: SigtermBehaviour) => (sigterm === "exits" ? 0 : KILLED);

/**
 * The Docker steps a matrix fault amounts to, composed from the catalogue effects' steps so the model has one
 * definition of each; the two composite faults are sequences of them.
 */
export function stepsOfFault(fault: MatrixFault, sigterm: SigtermBehaviour, liveRestore: boolean): DockerStep[] {
  const killed = { liveRestore, exitCode: KILLED };
  const graceful = { liveRestore, exitCode: gracefulExit(sigterm) };
  switch (fault) {
    case "host-kill":
      return stepsOfEffect("process-exit", killed);
    case "api-kill":
      return stepsOfEffect("api-kill", killed);
    case "api-kill+daemon-restart":
      return [...stepsOfEffect("api-kill", killed), ...stepsOfEffect("daemon-stop", graceful)];
    case "daemon-restart":
      return stepsOfEffect("daemon-stop", graceful);
    case "daemon-crash":
      // The next start stops the orphaned containers with their stop timeout: a graceful exit, as on a stop.
      return stepsOfEffect("daemon-crash", graceful);
    case "host-reboot":
      return stepsOfEffect("host-reboot", graceful);
    case "containerd-restart":
      return stepsOfEffect("containerd-restart", graceful);
    case "repeated-kills":
      return Array.from({ length: REPEATED_KILLS }, () => stepsOfEffect("process-exit", killed)).flat();
  }
}

export interface Documented {
  running: boolean | undefined;
  rules: RuleId[];
}

export function documentedFor(where: MatrixSubject & { fault: MatrixFault; liveRestore: boolean }): Documented {
  const start = runningContainer(parsePolicy(where.policy));
  const { state, rules } = applySteps(start, stepsOfFault(where.fault, where.sigterm, where.liveRestore));
  return { running: state.running, rules };
}

/** Where the rules cannot say, there is nothing to disagree with; otherwise running or not is the promise. */
export const agrees = (observedRunning: boolean, documented: Documented) => documented.running === undefined || documented.running === observedRunning;

export function cellOf(where: MatrixSubject & { fault: MatrixFault; liveRestore: boolean }, observed: MatrixCell["observed"]): MatrixCell {
  const documented = documentedFor(where);
  return { ...where, observed, documented, agrees: agrees(observed.running, documented) };
}

/** Cells in the grid's own order (live-restore, fault, policy, SIGTERM), whatever order they were measured in. */
export function sortCells(cells: MatrixCell[]): MatrixCell[] {
  const rank = (c: MatrixCell) => [
    c.liveRestore ? 1 : 0,
    MATRIX_FAULTS.indexOf(c.fault),
    indexOr((MATRIX_POLICIES as readonly string[]).indexOf(c.policy)),
    SIGTERM_BEHAVIOURS.indexOf(c.sigterm),
  ];
  return [...cells].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)];
    const i = ra.findIndex((value, k) => value !== rb[k]);
    return i < 0 ? a.policy.localeCompare(b.policy) : ra[i]! - rb[i]!;
  });
}

const indexOr = (index: number) => (index < 0 ? Number.MAX_SAFE_INTEGER : index);

/** A subset run replaces its own cells in the stored result and keeps the rest. */
export function mergeCells(kept: MatrixCell[], measured: MatrixCell[]): MatrixCell[] {
  const key = (c: MatrixCell) => `${c.liveRestore}|${c.fault}|${c.policy}|${c.sigterm}`;
  const fresh = new Set(measured.map(key));
  return sortCells([...kept.filter((c) => !fresh.has(key(c))), ...measured]);
}

/**
 * How the faults share daemons and containers. A container start costs about half a second on a small machine, so
 * a fault that begins as another one does is read on its way: host-kill is the state after the first of the
 * repeated kills, api-kill the state after the API kill that precedes the daemon restart. daemon-restart runs on
 * its own fresh batch during that same restart; every other daemon fault has the daemon to itself.
 */
export type Phase =
  | { kind: "kills"; readFirst: boolean; readRepeated: boolean }
  | { kind: "restart"; apiKilled: { readKill: boolean; readRestart: boolean } | undefined; plain: boolean }
  | { kind: "daemon"; fault: "daemon-crash" | "host-reboot" | "containerd-restart" };

export function phasesOf(faults: readonly MatrixFault[]): Phase[] {
  const has = (f: MatrixFault) => faults.includes(f);
  const phases: Phase[] = [];
  if (has("host-kill") || has("repeated-kills")) phases.push({ kind: "kills", readFirst: has("host-kill"), readRepeated: has("repeated-kills") });
  if (has("api-kill") || has("api-kill+daemon-restart") || has("daemon-restart")) {
    const apiKilled = has("api-kill") || has("api-kill+daemon-restart") ? { readKill: has("api-kill"), readRestart: has("api-kill+daemon-restart") } : undefined;
    phases.push({ kind: "restart", apiKilled, plain: has("daemon-restart") });
  }
  for (const fault of ["daemon-crash", "host-reboot", "containerd-restart"] as const) if (has(fault)) phases.push({ kind: "daemon", fault });
  return phases;
}

/** Batches a phase needs at once: the restart phase may have two. */
export const slotsFor = (faults: readonly MatrixFault[]) =>
  Math.max(1, ...phasesOf(faults).map((p) => (p.kind === "restart" && p.apiKilled && p.plain ? 2 : 1)));
