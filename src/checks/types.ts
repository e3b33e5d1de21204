// What checks read (the facts of a run) and what they return (a verdict with its evidence).
import type { CheckName, Profile } from "../profile/schema.js";
import type { TimelineEvent } from "../observe/timeline.js";

export interface MemberFact {
  name: string;
  host: string;
  role: "smesher" | "poet";
  group: string;
  restart: string;
  units: number;
  state: string;
}

/** A fault as it happened: when it began and ended (ms since the run started) and what it hit. */
export interface FaultWindow {
  id: string;
  kind: string;
  beginT: number;
  endT: number;
  /** Containers the fault could take down: its targets, or every member of a host for a daemon fault. */
  affected: string[];
  hosts: string[];
  error?: string;
}

export interface RunClock {
  /** Wall time of t = 0. */
  runStartWallMs: number;
  genesisMs: number;
  layerMs: number;
  layersPerEpoch: number;
}

export interface RunFacts {
  profile: Profile;
  members: MemberFact[];
  faults: FaultWindow[];
  timeline: TimelineEvent[];
  clock: RunClock;
  /** When observation ended, ms since the run started. */
  endT: number;
}

export interface Evidence {
  subject: string;
  detail: string;
  t?: number;
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
