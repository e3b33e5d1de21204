// rebound run PROFILE: up -> steady state -> method (faults on schedule) -> observe -> checks -> report ->
// down. Every fault is journaled before it happens; Ctrl-C rolls back, cleans up and still reports.
import { randomInt } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { outcomeOf, runChecks } from "../checks/index.js";
import type { FaultWindow, MemberFact, RunClock } from "../checks/types.js";
import { layerAt, timeOfLayer } from "../checks/facts.js";
import { ensureEngine, requireRoot } from "../daemon/engine.js";
import { EXIT, inputError, ReboundError } from "../errors.js";
import { readRecord } from "../experiment/record.js";
import { Journal, readJournal } from "../journal/journal.js";
import { Observer } from "../observe/observer.js";
import type { Progress } from "../output/progress.js";
import { loadProfile } from "../profile/load.js";
import type { RunResult } from "../run/result.js";
import { runMethod } from "../run/method.js";
import { rollback } from "../run/rollback.js";
import { newRunId, runPaths } from "../run/run-paths.js";
import { scheduleFaults } from "../run/schedule.js";
import { waitSteady } from "../run/steady-state.js";
import { pause } from "../faults/fault-env.js";
import { engineDown } from "./engine.js";
import { teardown } from "./teardown.js";
import { bringUp, type Fleet } from "./up.js";

export interface RunOptions {
  reuse: boolean;
  keep: boolean;
  seed?: number;
  progress: Progress;
  signal: AbortSignal;
}

export async function runExperiment(profilePath: string, options: RunOptions): Promise<RunResult> {
  const { progress, signal } = options;
  const profile = await loadProfile(profilePath);
  requireRoot();
  await ensureEngine((line) => progress.info(line));
  if (!options.reuse && (await readRecord(profile.name))) {
    throw inputError(
      `profile ${profile.name} has state from an earlier up; a run starts from scratch`,
      `remove it with: rebound down ${profile.name} --volumes (or run with --reuse)`,
    );
  }
  const seed = options.seed ?? randomInt(1, 2 ** 31);
  const runId = newRunId(profile.name);
  const paths = runPaths(runId);
  const journal = new Journal(paths.journal);
  const startedAt = new Date();
  let fleet: Fleet | undefined;
  let observer: Observer | undefined;
  let faults: FaultWindow[] = [];
  let steady: RunResult["steady"] = { detail: "not reached" };
  let clock: RunClock | undefined;
  let failure: unknown;
  try {
    journal.write({ type: "step", step: "up" });
    fleet = await bringUp(profile, profilePath, { progress, signal });
    journal.write({ type: "run-start", runId, profile: profile.name, profilePath, experimentId: fleet.record.experimentId, seed, pid: process.pid });
    const members = fleet.plan.containers.map((c) => ({ name: c.spec.name, host: c.host, ip: c.spec.ip }));
    observer = new Observer(fleet.hosts, members, { experimentId: fleet.record.experimentId });
    observer.start();
    const runClock = clockOf(fleet, observer);
    clock = runClock;

    journal.write({ type: "step", step: "steady" });
    steady = await waitSteady(observer, profile, runClock, { signal, onProgress: (text) => progress.step(text) });
    progress.succeed(`steady state: ${steady.detail}`);

    journal.write({ type: "step", step: "method" });
    const schedule = scheduleFaults(profile.method, runClock, observer.now(), profile.network.phaseShift);
    const env = { hosts: new Map(fleet.hosts.map((h) => [h.key, h])), members: fleet.plan.containers, seed, signal, log: (line: string) => progress.info(line) };
    faults = await runMethod(schedule, env, journal, observer, (text) => progress.step(`fault ${text}`));

    journal.write({ type: "step", step: "observe" });
    const lastEnd = Math.max(observer.now(), ...faults.map((f) => f.endT));
    const endLayer = layerAt(runClock, lastEnd) + 1 + profile.end.afterLayers;
    progress.step(`observing until layer ${endLayer}`);
    await pause(timeOfLayer(runClock, endLayer) - observer.now(), signal);
  } catch (error) {
    failure = error;
  }

  // Whatever happened: stop watching, undo what is owed, report, clean up.
  const endT = observer?.now() ?? 0;
  const timeline = observer ? await observer.stop() : [];
  const owed = await readJournal(paths.journal);
  const rolledBack = await rollback(owed, journal, (line) => progress.info(line));
  const result = buildResult({ profilePath, runId, seed, startedAt, fleet, clock, faults, steady, timeline, endT, journalPath: paths.journal, failure, signal });
  if (rolledBack.failed.length > 0) result.error = `${result.error ?? ""} rollback incomplete: ${rolledBack.failed.join("; ")}`.trim();
  await writeFile(paths.result, JSON.stringify(result, null, 2) + "\n");
  journal.write({ type: "run-end", outcome: result.outcome, exitCode: result.exitCode });
  journal.close();
  if (fleet && !options.keep) {
    progress.step("removing the experiment");
    await teardown(fleet.record, fleet.hosts, { volumes: true }).catch((error) => progress.info(`clean-up: ${(error as Error).message}`));
    await engineDown(profile.name).catch((error) => progress.info(`clean-up: ${(error as Error).message}`));
    progress.succeed("experiment removed");
  }
  // Bad input found on the way (a target that selects nothing) is still bad input, reported after clean-up.
  if (failure instanceof ReboundError && failure.kind === "input") throw failure;
  return result;
}

function clockOf(fleet: Fleet, observer: Observer): RunClock {
  const { network } = fleet.profile;
  return {
    runStartWallMs: observer.startedWallMs,
    genesisMs: fleet.record.genesisMs,
    layerMs: Math.round(network.layerSeconds * 1000),
    layersPerEpoch: network.layersPerEpoch,
  };
}

interface ResultInput {
  profilePath: string;
  runId: string;
  seed: number;
  startedAt: Date;
  fleet?: Fleet;
  clock?: RunClock;
  faults: FaultWindow[];
  steady: RunResult["steady"];
  timeline: RunResult["timeline"];
  endT: number;
  journalPath: string;
  failure: unknown;
  signal: AbortSignal;
}

function buildResult(input: ResultInput): RunResult {
  const { fleet } = input;
  const profile = fleet?.profile;
  const members: MemberFact[] = (fleet?.plan.containers ?? []).map((c) => ({
    name: c.spec.name,
    host: c.host,
    role: c.role,
    group: c.group,
    restart: c.spec.restart,
    units: c.config.units,
    state: c.spec.data.kind,
  }));
  const clock: RunClock = input.clock ?? { runStartWallMs: input.startedAt.getTime(), genesisMs: input.startedAt.getTime(), layerMs: 1000, layersPerEpoch: 10 };
  const interrupted = input.signal.aborted;
  const ran = profile !== undefined && input.failure === undefined;
  const verdicts = profile && input.steady.reachedT !== undefined
    ? runChecks({ profile, members, faults: input.faults, timeline: input.timeline, clock, endT: input.endT })
    : [];
  const judged = profile ? outcomeOf(verdicts, profile.expect) : { outcome: "fail" as const, unexpected: [], missing: [] };
  const outcome: RunResult["outcome"] = interrupted ? "interrupted" : ran ? judged.outcome : "error";
  const exitCode = interrupted
    ? EXIT.interrupted
    : outcome === "pass" || outcome === "reproduced"
      ? EXIT.ok
      : input.failure instanceof ReboundError
        ? input.failure.exitCode
        : EXIT.failed;
  const endedAt = new Date();
  return {
    runId: input.runId,
    profile: profile?.name ?? "?",
    profilePath: input.profilePath,
    description: profile?.description,
    experimentId: fleet?.record.experimentId ?? "-",
    seed: input.seed,
    startedAt: input.startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - input.startedAt.getTime(),
    outcome,
    exitCode,
    expected: { outcome: profile?.expect.outcome ?? "pass", failing: profile?.expect.failing ?? [] },
    unexpected: judged.unexpected,
    missing: judged.missing,
    steady: input.steady,
    verdicts,
    faults: input.faults,
    members,
    hosts: (fleet?.plan.hosts ?? []).map((h) => ({ key: h.key, sandbox: h.sandbox.name, liveRestore: h.sandbox.options.liveRestore })),
    clock,
    endT: input.endT,
    timeline: input.timeline,
    journalPath: input.journalPath,
    error: input.failure && !interrupted ? (input.failure as Error).message : undefined,
  };
}
