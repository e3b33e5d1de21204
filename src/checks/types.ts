// What checks read (the facts of a run) and what they return (a verdict with its evidence).
import type { Profile } from "../profile/schema.js";
import type { CheckName } from "../timeline/check-names.js";
import type { RunClock } from "../timeline/clock.js";
import type { TimelineEvent } from "../timeline/events.js";
import type { FaultWindow, MemberFact } from "../timeline/facts.js";
import type { MatrixResult } from "./engine-behaviour.js";

export interface RunFacts {
  profile: Profile;
  members: MemberFact[];
  /** The fleet's hosts and whether their daemons keep containers running while they restart. */
  hosts: { key: string; liveRestore: boolean }[];
  faults: FaultWindow[];
  timeline: TimelineEvent[];
  clock: RunClock;
  /** When observation ended, ms since the run started. */
  endT: number;
  /** The engine the run used, and what `rebound matrix` measured it doing (when it was measured). */
  engine?: { version?: string; matrix?: MatrixResult };
}

export interface Evidence {
  subject: string;
  detail: string;
  t?: number;
  /** This line is part of why the verdict fails: every report shows these first. */
  failing?: true;
}

export interface Verdict {
  check: CheckName;
  /** n/a: nothing in this run exercised what the check looks at; it neither passes nor fails the run. */
  status: "pass" | "fail" | "n/a";
  /** The key number, e.g. "max 12.4 s (budget 30 s)". */
  value: string;
  reason: string;
  evidence: Evidence[];
}

export type Check = (facts: RunFacts) => Verdict;
