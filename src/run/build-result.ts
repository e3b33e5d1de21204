// Pure: a run's result from what its steps reached, the timeline, and how it ended.
import { inconclusiveReasons, outcomeOf, runChecks } from "../checks/index.js";
import { EXIT, ReboundError } from "../errors.js";
import type { Observer } from "../observe/observer.js";
import type { Profile } from "../profile/schema.js";
import type { RunFacts } from "../checks/types.js";
import type { RunClock } from "../timeline/clock.js";
import type { TimelineEvent } from "../timeline/events.js";
import type { FaultWindow, MemberFact } from "../timeline/facts.js";
import type { Fleet } from "./bring-up.js";
import type { RunResult } from "./result.js";

/** What a run has reached so far; each step fills in its part. */
export interface RunState {
  profile: Profile;
  profilePath: string;
  runId: string;
  seed: number;
  startedAt: Date;
  journalPath: string;
  steady: RunResult["steady"];
  faults: FaultWindow[];
  fleet?: Fleet;
  observer?: Pick<Observer, "now" | "stop">;
  clock?: RunClock;
  /** The engine's version and what `rebound matrix` measured it doing, for restart-policy's evidence. */
  engine?: RunFacts["engine"];
}

export interface RunEnd {
  timeline: TimelineEvent[];
  endT: number;
  failure: unknown;
  interrupted: boolean;
  endedAt?: Date;
}

/** The documented exit code for how a run ended: an environment failure is 3, bad input 2, Ctrl-C 130. */
export function exitCodeOf(outcome: RunResult["outcome"], failure: unknown): number {
  if (outcome === "interrupted") return EXIT.interrupted;
  if (outcome === "pass" || outcome === "reproduced") return EXIT.ok;
  return failure instanceof ReboundError ? failure.exitCode : EXIT.failed;
}

export function buildResult(state: RunState, end: RunEnd): RunResult {
  const { profile, fleet } = state;
  const members: MemberFact[] = (fleet?.plan.containers ?? []).map((c) => ({
    name: c.spec.name,
    host: c.host,
    role: c.role,
    group: c.group,
    restart: c.spec.restart,
    units: c.config.units,
    state: c.spec.data.kind,
  }));
  const startMs = state.startedAt.getTime();
  const clock: RunClock = state.clock ?? { runStartWallMs: startMs, genesisMs: startMs, layerMs: 1000, layersPerEpoch: 10 };
  // Checks judge a run that reached its steady state; before that there is nothing to judge against.
  const hosts = (fleet?.plan.hosts ?? []).map((h) => {
    const live = fleet?.hosts.find((host) => host.key === h.key);
    return { key: h.key, sandbox: h.sandbox?.name ?? live?.daemon.name ?? h.key, liveRestore: h.sandbox?.options.liveRestore ?? live?.liveRestore ?? false };
  });
  const facts: RunFacts = { profile, members, hosts, faults: state.faults, timeline: end.timeline, clock, endT: end.endT, engine: state.engine };
  const judging = fleet !== undefined && state.steady.reachedT !== undefined;
  const verdicts = judging ? runChecks(facts) : [];
  const inconclusive = judging ? inconclusiveReasons(facts, verdicts) : [];
  const judged = outcomeOf(verdicts, profile.expect, inconclusive);
  const outcome: RunResult["outcome"] = end.interrupted ? "interrupted" : fleet && end.failure === undefined ? judged.outcome : "error";
  const endedAt = end.endedAt ?? new Date();
  return {
    runId: state.runId,
    profile: profile.name,
    profilePath: state.profilePath,
    description: profile.description,
    experimentId: fleet?.record.experimentId ?? "-",
    seed: state.seed,
    startedAt: state.startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startMs,
    outcome,
    exitCode: exitCodeOf(outcome, end.failure),
    expected: { outcome: profile.expect.outcome, failing: profile.expect.failing },
    unexpected: judged.unexpected,
    missing: judged.missing,
    inconclusive: judged.outcome === "inconclusive" ? inconclusive : [],
    steady: state.steady,
    verdicts,
    faults: state.faults,
    members,
    hosts,
    clock,
    endT: end.endT,
    timeline: end.timeline,
    journalPath: state.journalPath,
    error: end.failure && !end.interrupted ? (end.failure instanceof Error ? end.failure.message : String(end.failure)) : undefined,
  };
}
