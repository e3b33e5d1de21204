// The experiment: up -> steady state -> method (faults on schedule) -> observe -> checks -> report -> down.
// Every fault is journaled before it happens; an interruption or failure still rolls back, reports and cleans up.
import { writeFile } from "node:fs/promises";
import { ReboundError } from "../errors.js";
import type { FleetHost, HostResolver } from "../fleet/hosts.js";
import { sandboxHost } from "../fleet/sandbox-hosts.js";
import { Journal, readJournal } from "../journal/journal.js";
import { processStartTime } from "../daemon/process-info.js";
import { Observer } from "../observe/observer.js";
import type { Progress } from "./progress.js";
import type { Profile } from "../profile/schema.js";
import { timeOfLayer, type RunClock } from "../timeline/clock.js";
import { bringUp, type Fleet } from "./bring-up.js";
import { bringUpSwarmForRun, swarmMembers } from "./swarm-run-fleet.js";
import { endWindow } from "./end-window.js";
import { engineFacts } from "./engine-facts.js";
import { buildResult, type RunState } from "./build-result.js";
import { runMethod } from "./method.js";
import { recordForeign } from "./foreign-snapshot.js";
import type { RunResult } from "./result.js";
import { rollback } from "./rollback.js";
import { newRunId, runPaths } from "./run-paths.js";
import { scheduleFaults } from "./schedule.js";
import { pause } from "../util/interrupt.js";
import { waitSteady } from "./steady-state.js";
import { journaledTeardown } from "./journaled-teardown.js";

export interface ExperimentOptions {
  seed: number;
  keep: boolean;
  progress: Progress;
  signal: AbortSignal;
}

export async function runExperiment(profile: Profile, profilePath: string, options: ExperimentOptions): Promise<RunResult> {
  const { progress, signal } = options;
  const runId = newRunId(profile.name);
  const paths = runPaths(runId);
  const journal = new Journal(paths.journal);
  // First, before anything exists: whoever reads the journal can tell whether this process still runs it.
  journal.write({ type: "run-start", runId, profile: profile.name, profilePath, seed: options.seed, pid: process.pid, pidStart: processStartTime(process.pid), keep: options.keep });
  const state: RunState = { profile, profilePath, runId, seed: options.seed, startedAt: new Date(), journalPath: paths.journal, steady: { detail: "not reached" }, faults: [] };
  const failure = await carryOut(state, journal, options).then(
    () => undefined,
    (error: unknown) => error,
  );

  // Whatever happened: stop watching, undo what is owed, report, clean up.
  const endT = state.observer?.now() ?? 0;
  const timeline = state.observer ? await state.observer.stop() : [];
  const rolledBack = await rollback(await readJournal(paths.journal), journal, resolverFor(state.fleet?.hosts ?? []), (line) => progress.info(line));
  const result = buildResult(state, { timeline, endT, failure, interrupted: signal.aborted });
  if (rolledBack.failed.length > 0) result.error = `${result.error ?? ""} rollback incomplete: ${rolledBack.failed.join("; ")}`.trim();
  await writeFile(paths.result, JSON.stringify(result, null, 2) + "\n");
  // The removal is journaled as it goes and the run ends after it: a kill during it leaves work for `recover`.
  if (state.fleet && !options.keep) {
    progress.step("removing the experiment");
    const { record, hosts } = state.fleet;
    await journaledTeardown(journal, profile.name, { record, hosts }, (line) => progress.info(line)).then(
      () => progress.succeed("experiment removed"),
      (error: Error) => progress.info(`clean-up: ${error.message} (rebound recover ${paths.journal} finishes it)`),
    );
  }
  journal.write({ type: "run-end", outcome: result.outcome, exitCode: result.exitCode });
  journal.close();
  // Bad input found on the way (a target that selects nothing) is still bad input, reported after clean-up.
  if (failure instanceof ReboundError && failure.kind === "input") throw failure;
  return result;
}

/** The steps that can fail; each records what it reached in `state`, so the report shows how far the run got. */
async function carryOut(state: RunState, journal: Journal, options: ExperimentOptions): Promise<void> {
  const { progress, signal } = options;
  const { profile } = state;
  journal.write({ type: "step", step: "up" });
  const fleet = await (profile.orchestrator === "swarm" ? bringUpSwarmForRun : bringUp)(profile, state.profilePath, { progress, signal });
  state.fleet = fleet;
  journal.write({ type: "experiment", experimentId: fleet.record.experimentId, sandboxes: fleet.record.sandboxes, bridgeName: fleet.record.bridgeName });
  state.engine = await engineFacts(fleet.hosts, (line) => progress.info(line));
  const members = profile.orchestrator === "swarm" ? swarmMembers(fleet) : fleet.plan.containers.map((c) => ({ name: c.spec.name, host: c.host, ip: c.spec.ip }));
  const observer = new Observer(fleet.hosts, members, { experimentId: fleet.record.experimentId });
  state.observer = observer;
  observer.start();
  const clock = clockOf(fleet, observer.startedWallMs);
  state.clock = clock;

  journal.write({ type: "step", step: "steady" });
  state.steady = await waitSteady(observer, profile, clock, { signal, onProgress: (text) => progress.step(text) });
  progress.succeed(`steady state: ${state.steady.detail}`);

  journal.write({ type: "step", step: "method" });
  const schedule = scheduleFaults(profile.method, clock, observer.now(), profile.network.phaseShift);
  const env = { hosts: new Map(fleet.hosts.map((h) => [h.key, h])), members: fleet.plan.containers, seed: state.seed, signal, log: (line: string) => progress.info(line) };
  const foreign = (before?: string) => recordForeign(fleet.hosts, fleet.record.experimentId, observer, (line) => progress.info(line), before);
  await runMethod(schedule, env, journal, observer, (text) => progress.step(`fault ${text}`), state.faults, foreign);

  journal.write({ type: "step", step: "observe" });
  const lastEnd = Math.max(observer.now(), ...state.faults.map((f) => f.endT));
  const end = endWindow(clock, profile.network.phaseShift, lastEnd, profile.end.afterLayers);
  if (end.extendedFor) progress.info(end.extendedFor);
  progress.step(`observing until layer ${end.endLayer}`);
  await pause(timeOfLayer(clock, end.endLayer) - observer.now(), signal);
  await foreign();
}

function clockOf(fleet: Fleet, runStartWallMs: number): RunClock {
  const { network } = fleet.profile;
  return { runStartWallMs, genesisMs: fleet.record.genesisMs, layerMs: Math.round(network.layerSeconds * 1000), layersPerEpoch: network.layersPerEpoch };
}

/** The run's own hosts first (the engines it already holds), then whatever sandbox the journal names. */
function resolverFor(hosts: FleetHost[]): HostResolver {
  return async (name) => hosts.find((host) => host.daemon.name === name) ?? sandboxHost(name);
}
