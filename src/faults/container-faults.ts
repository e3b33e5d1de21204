// Container faults: kill from the host by PID, kill/stop/restart through the API, pause, recreate.
import { inputError } from "../errors.js";
import type { FaultSpec } from "../profile/schema.js";
import type { PlannedContainer } from "../topology/plan.js";
import type { UndoAction } from "../journal/entries.js";
import { parameter } from "./catalog.js";
import { pause } from "../util/interrupt.js";
import { hostOf, type FaultEnv, type FaultFactory, type PreparedFault } from "./fault-env.js";
import { describeTarget, selectTargets } from "./targets.js";

/** A fault's containers; selecting nothing is an error, never a silent pass. */
export function targetsOf(spec: FaultSpec, env: FaultEnv): PlannedContainer[] {
  const targets = selectTargets(env.members, spec.target, env.seed);
  if (targets.length === 0) throw inputError(`fault ${spec.fault}: target (${describeTarget(spec.target)}) selects no container`);
  return targets;
}

function containerFault(
  undo: (member: PlannedContainer, env: FaultEnv, spec: FaultSpec) => UndoAction[],
  act: (member: PlannedContainer, spec: FaultSpec, env: FaultEnv) => Promise<void>,
): FaultFactory {
  return async (spec, id, env): Promise<PreparedFault> => {
    const targets = targetsOf(spec, env);
    return {
      record: {
        id,
        kind: spec.fault,
        targets: targets.map((member) => ({ host: member.host, container: member.spec.name })),
        undo: targets.flatMap((member) => undo(member, env, spec)),
      },
      run: async () => {
        await Promise.all(targets.map((member) => act(member, spec, env)));
      },
    };
  };
}

const sandboxOf = (member: PlannedContainer, env: FaultEnv) => hostOf(env, member.host).daemon.name;

/**
 * From the host, by the container's PID: Docker sees the process die and applies the restart policy. A kill
 * through the API would mark the container stopped by the user and skip the policy (moby daemon/kill.go).
 */
export const killFault = containerFault(
  () => [],
  async (member, spec, env) => {
    const state = await hostOf(env, member.host).engine.inspectContainer(member.spec.name);
    if (!state?.running || state.pid <= 0) throw new Error(`kill: ${member.spec.name} is not running`);
    await hostOf(env, member.host).processes.signal(state.pid, parameter(spec, "signal") as NodeJS.Signals);
  },
);

export const apiKillFault = containerFault(
  () => [],
  (member, spec, env) => hostOf(env, member.host).engine.killContainer(member.spec.name, parameter(spec, "signal")),
);

export const stopFault = containerFault(
  // The stop's grace period goes into the journal: a recover inside it must wait the stop out before starting.
  (member, env, spec) => [{ kind: "start-container", sandbox: sandboxOf(member, env), container: member.spec.name, graceSeconds: parameter(spec, "timeout") }],
  async (member, spec, env) => {
    const { engine } = hostOf(env, member.host);
    await engine.stopContainer(member.spec.name, parameter(spec, "timeout"));
    await pause(parameter(spec, "duration") * 1000, env.signal);
    await engine.startContainer(member.spec.name);
  },
);

export const restartFault = containerFault(
  () => [],
  (member, spec, env) => hostOf(env, member.host).engine.restartContainer(member.spec.name, parameter(spec, "timeout")),
);

export const pauseFault = containerFault(
  (member, env) => [{ kind: "unpause-container", sandbox: sandboxOf(member, env), container: member.spec.name }],
  async (member, spec, env) => {
    const { engine } = hostOf(env, member.host);
    await engine.pauseContainer(member.spec.name);
    await pause(parameter(spec, "duration") * 1000, env.signal);
    await engine.unpauseContainer(member.spec.name);
  },
);

/** What `docker compose up` does after a config change: the container goes, its volume stays. */
export const recreateFault = containerFault(
  (member, env) => [{ kind: "start-container", sandbox: sandboxOf(member, env), container: member.spec.name }],
  async (member, _spec, env) => {
    const { engine } = hostOf(env, member.host);
    await engine.removeContainer(member.spec.name);
    await engine.ensureContainer(member.spec);
    await engine.startContainer(member.spec.name);
  },
);
