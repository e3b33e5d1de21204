// The result of a run: what every report renders, saved as run.json next to the run's journal.
import type { Outcome } from "../checks/index.js";
import type { Verdict } from "../checks/types.js";
import type { RunClock } from "../timeline/clock.js";
import type { FaultWindow, MemberFact } from "../timeline/facts.js";
import type { TimelineEvent } from "../timeline/events.js";

export interface RunResult {
  runId: string;
  profile: string;
  profilePath: string;
  description?: string;
  experimentId: string;
  seed: number;
  startedAt: string;
  endedAt: string;
  durationMs: number;
  /** interrupted: Ctrl-C or SIGTERM; error: the run could not finish (see error). */
  outcome: Outcome | "interrupted" | "error";
  exitCode: number;
  expected: { outcome: "pass" | "reproduced"; failing: string[] };
  /** With an expected failure: checks that failed without being predicted, and predicted ones that passed. */
  unexpected: string[];
  missing: string[];
  /** Why the run proves nothing, when its outcome is inconclusive (no fault, a fault without effect, all n/a). */
  inconclusive: string[];
  steady: { reachedT?: number; detail: string };
  verdicts: Verdict[];
  faults: FaultWindow[];
  members: MemberFact[];
  hosts: { key: string; sandbox: string; liveRestore: boolean }[];
  clock: RunClock;
  endT: number;
  timeline: TimelineEvent[];
  journalPath: string;
  error?: string;
}
