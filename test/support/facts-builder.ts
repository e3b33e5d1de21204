// Test support: hand-made run facts (members, faults, a timeline) for the checks, and run results for the reports.
import { outcomeOf } from "../../src/checks/index.js";
import type { RunFacts, Verdict } from "../../src/checks/types.js";
import type { RunClock } from "../../src/timeline/clock.js";
import type { FaultWindow, MemberFact } from "../../src/timeline/facts.js";
import type { StandinSnapshot, TimelineEvent } from "../../src/timeline/events.js";
import { parseProfile } from "../../src/profile/load.js";
import { CHECK_NAMES, type CheckName } from "../../src/timeline/check-names.js";
import type { Profile } from "../../src/profile/schema.js";
import type { RunResult } from "../../src/run/result.js";

/** Wall time of t = 0; genesis is the same instant, so layer n starts at n s and epoch e at 10e s. */
export const START_WALL = Date.UTC(2020, 9, 1, 6, 0, 0);
export const CLOCK: RunClock = { runStartWallMs: START_WALL, genesisMs: START_WALL, layerMs: 1000, layersPerEpoch: 10 };
export const s = (seconds: number) => Math.round(seconds * 1000);
/** An ISO wall time `seconds` after the run started, as Docker's inspect reports StartedAt / FinishedAt. */
export const wall = (seconds: number) => new Date(START_WALL + s(seconds)).toISOString();

/** A profile from YAML lines appended to a small two-host fleet (checks:, expect:, network: ...). */
export function profileWith(...extra: string[]): Profile {
  const text = ["name: t", "hosts:", "  a: {}", "  b: {}", "smeshers:", "  - { group: sm, count: 2, units: 10, host: a }", "poets:", "  - { group: poet, host: b }", ...extra].join("\n");
  const parsed = parseProfile(`${text}\n`, "test.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.line}:${e.column} ${e.path} ${e.message}`).join("\n"));
  return parsed.profile;
}

export function snapshot(over: Partial<StandinSnapshot> = {}): StandinSnapshot {
  return {
    role: "smesher",
    key: "key-1",
    starts: 1,
    identityChanges: 0,
    postInits: 1,
    phase: "synced",
    syncState: "synced",
    currentLayer: 0,
    currentEpoch: 0,
    verifiedLayer: -1,
    lastLayer: 0,
    resumedFromLayer: -1,
    peersReachable: 1,
    peersTotal: 1,
    onlineWeight: 20,
    epochWeight: 20,
    atxTargets: [],
    rounds: [],
    ...over,
  };
}

export class FactsBuilder {
  readonly members: MemberFact[] = [];
  readonly faults: FaultWindow[] = [];
  readonly timeline: TimelineEvent[] = [];
  private end = s(60);

  constructor(private profile: Profile = profileWith()) {}

  member(name: string, over: Partial<MemberFact> = {}): this {
    this.members.push({ name, host: "a", role: "smesher", group: "sm", restart: "unless-stopped", units: 10, state: "volume", ...over });
    return this;
  }

  poet(name: string, over: Partial<MemberFact> = {}): this {
    return this.member(name, { host: "b", role: "poet", group: "poet", units: 0, ...over });
  }

  /** A fault from `from` to `to` seconds; the run's timeline gets its begin and end too. */
  fault(kind: string, from: number, to: number, affected: string[], hosts: string[] = ["a"]): this {
    const id = `f${this.faults.length + 1}`;
    this.faults.push({ id, kind, beginT: s(from), endT: s(to), affected, hosts });
    this.timeline.push({ kind: "fault", t: s(from), id, fault: kind, phase: "begin", targets: affected, hosts });
    this.timeline.push({ kind: "fault", t: s(to), id, fault: kind, phase: "end", targets: affected, hosts });
    return this;
  }

  docker(at: number, container: string, action: string, exitCode?: number, managed = true): this {
    this.timeline.push({ kind: "docker", t: s(at), host: "a", container, action, managed, exitCode });
    return this;
  }

  /** A container outside the experiment as a snapshot saw it: before fault `before`, or at the end when unset. */
  foreign(at: number, container: string, running: boolean, restart = "no", before?: string): this {
    this.timeline.push({ kind: "foreign", t: s(at), host: "a", container, running, status: running ? "running" : "exited", restart, ...(before ? { before } : {}) });
    return this;
  }

  die = (at: number, container: string, exitCode: number) => this.docker(at, container, "die", exitCode);
  start = (at: number, container: string) => this.docker(at, container, "start");
  healthy = (at: number, container: string) => this.docker(at, container, "health_status: healthy");

  /** What the observer reads back from inspect after a daemon came back: times in seconds since the start. */
  reconcile(at: number, container: string, state: { running: boolean; started: number; finished?: number; exitCode: number; health?: string }): this {
    this.timeline.push({
      kind: "reconcile",
      t: s(at),
      host: "a",
      container,
      running: state.running,
      startedAt: wall(state.started),
      finishedAt: state.finished === undefined ? "0001-01-01T00:00:00Z" : wall(state.finished),
      exitCode: state.exitCode,
      restartCount: 0,
      health: state.health,
    });
    return this;
  }

  daemon(at: number, host: string, state: "up" | "down"): this {
    this.timeline.push({ kind: "daemon", t: s(at), host, state });
    return this;
  }

  status(at: number, container: string, over: Partial<StandinSnapshot> = {}): this {
    this.timeline.push({ kind: "standin", t: s(at), container, reachable: true, status: snapshot(over) });
    return this;
  }

  unreachable(at: number, container: string): this {
    this.timeline.push({ kind: "standin", t: s(at), container, reachable: false });
    return this;
  }

  /** A smesher answering once a second from `from` to `to`, its layers given by `verified(current)`. */
  layers(container: string, from: number, to: number, verified: (current: number) => number, over: Partial<StandinSnapshot> = {}): this {
    for (let t = from; t <= to; t++) this.status(t, container, { currentLayer: t, lastLayer: t, verifiedLayer: verified(t), ...over });
    return this;
  }

  endAt(seconds: number): this {
    this.end = s(seconds);
    return this;
  }

  build(): RunFacts {
    const timeline = [...this.timeline].sort((a, b) => a.t - b.t);
    const hosts = Object.entries(this.profile.hosts).map(([key, host]) => ({ key, liveRestore: host.kind === "sandbox" && host.liveRestore }));
    return { profile: this.profile, members: this.members, hosts, faults: this.faults, timeline, clock: CLOCK, endT: this.end };
  }
}

export const facts = (profile?: Profile) => new FactsBuilder(profile);

export function verdict(check: Verdict["check"], status: Verdict["status"], over: Partial<Verdict> = {}): Verdict {
  return { check, status, value: status === "n/a" ? "-" : `${check} value`, reason: `${check} is ${status}`, evidence: [], ...over };
}

/** A verdict for every check: the `failing` ones fail with five pieces of evidence, `na` ones are n/a. */
export function verdicts(failing: CheckName[] = [], na: CheckName[] = []): Verdict[] {
  const evidence = Array.from({ length: 5 }, (_, i) => ({ subject: `sm-${i}`, t: s(10 + i), detail: `evidence ${i + 1}` }));
  return CHECK_NAMES.map((check) =>
    failing.includes(check) ? verdict(check, "fail", { evidence }) : na.includes(check) ? verdict(check, "n/a") : verdict(check, "pass"),
  );
}

export const REPRODUCING = ["expect:", "  outcome: reproduced", "  failing: [restart-policy, consensus-liveness]"];

/** A run result around the given facts and verdicts, its outcome computed as the run computes it. */
export function runResult(built: RunFacts, verdicts: Verdict[], over: Partial<RunResult> = {}): RunResult {
  const expect = built.profile.expect;
  const { outcome, unexpected, missing } = outcomeOf(verdicts, expect);
  return {
    runId: "20201001-0600-ab12",
    profile: built.profile.name,
    profilePath: `profiles/${built.profile.name}.yaml`,
    experimentId: "exp-1",
    seed: 42,
    startedAt: new Date(START_WALL).toISOString(),
    endedAt: new Date(START_WALL + built.endT).toISOString(),
    durationMs: built.endT,
    outcome,
    exitCode: outcome === "pass" || outcome === "reproduced" ? 0 : 1,
    expected: { outcome: expect.outcome, failing: expect.failing },
    unexpected,
    missing,
    inconclusive: [],
    steady: { reachedT: s(5), detail: "verified within 2 layers for 10 layers" },
    verdicts,
    faults: built.faults,
    members: built.members,
    hosts: [{ key: "a", sandbox: "rebound-t-a", liveRestore: false }, { key: "b", sandbox: "rebound-t-b", liveRestore: false }],
    clock: built.clock,
    endT: built.endT,
    timeline: built.timeline,
    journalPath: "/tmp/rebound/runs/ab12/journal.jsonl",
    ...over,
  };
}

/**
 * A small incident for the reports: host a's daemon goes down for an upgrade (f1, 10-16 s) and its containers
 * stay down; sm-2 on host b is killed at 30 s (f2) and comes back; the verified layer stops at 9.
 */
export function sampleFacts(profile?: Profile): RunFacts {
  const b = facts(profile).member("sm-0").member("sm-1").member("sm-2", { host: "b" }).poet("poet-0", { host: "a" });
  for (const name of ["sm-0", "sm-1", "sm-2", "poet-0"]) b.start(0.5, name).healthy(2, name);
  b.fault("unattended-upgrade", 10, 16, ["sm-0", "sm-1", "poet-0"]).fault("kill", 30, 30, ["sm-2"], ["b"]);
  b.daemon(10, "a", "down").daemon(16, "a", "up");
  for (const name of ["sm-0", "sm-1", "poet-0"]) b.reconcile(16.2, name, { running: false, started: 0.5, finished: 10.3, exitCode: 0 });
  b.die(30, "sm-2", 137).start(31, "sm-2").healthy(33, "sm-2");
  b.status(1, "poet-0", { role: "poet", syncState: null, phase: "serving" }).unreachable(10.5, "poet-0");
  for (let t = 1; t <= 40; t++) {
    const verified = t < 10 ? t - 1 : 9;
    if (t < 10) b.status(t, "sm-0", { currentLayer: t, verifiedLayer: verified, lastLayer: t });
    if (t === 10) b.unreachable(10.5, "sm-0").unreachable(10.5, "sm-1");
    if (t !== 30) b.status(t, "sm-2", { currentLayer: t, verifiedLayer: verified, lastLayer: t, key: "key-2" });
    else b.unreachable(30.2, "sm-2");
  }
  return b.endAt(40).build();
}
