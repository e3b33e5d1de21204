// The shape of run.json, checked when `rebound report` reads one back; typed against RunResult so they agree.
import { z } from "zod";
import { CHECK_NAMES } from "../timeline/check-names.js";
import type { RunResult } from "./result.js";

const n = z.number();
const s = z.string();

const snapshot = z.object({
  role: z.enum(["smesher", "poet"]),
  key: s,
  starts: n,
  identityChanges: n,
  postInits: n,
  phase: z.enum(["initialising", "syncing", "synced", "serving"]),
  syncState: z.enum(["notSynced", "gossipSync", "synced"]).nullable(),
  currentLayer: n,
  currentEpoch: n,
  verifiedLayer: n,
  lastLayer: n,
  resumedFromLayer: n,
  peersReachable: n,
  peersTotal: n,
  onlineWeight: n,
  epochWeight: n,
  lastHare: s.optional(),
  atxTargets: z.array(n),
  rounds: z.array(z.object({ epoch: n, state: s, registrations: n })),
  lastExit: z.object({ kind: z.enum(["first", "clean", "killed"]), code: n.optional() }).optional(),
  stalled: z.object({ layer: n, outcome: s, weight: n, total: n, voters: n, via: s }).optional(),
  lateVotes: n.optional(),
  slowLayers: z.object({ count: n, worstMs: n }).optional(),
});

const event = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("phase"), t: n, phase: s, detail: s.optional() }),
  z.object({ kind: z.literal("daemon"), t: n, host: s, state: z.enum(["up", "down"]) }),
  z.object({ kind: z.literal("docker"), t: n, host: s, container: s, action: s, managed: z.boolean(), exitCode: n.optional() }),
  z.object({
    kind: z.literal("reconcile"),
    t: n,
    host: s,
    container: s,
    running: z.boolean(),
    startedAt: s,
    finishedAt: s,
    exitCode: n,
    restartCount: n,
    health: s.optional(),
  }),
  z.discriminatedUnion("reachable", [
    z.object({ kind: z.literal("standin"), t: n, container: s, reachable: z.literal(true), status: snapshot }),
    z.object({ kind: z.literal("standin"), t: n, container: s, reachable: z.literal(false) }),
  ]),
  z.object({
    kind: z.literal("fault"),
    t: n,
    id: s,
    fault: s,
    phase: z.enum(["begin", "end", "failed"]),
    targets: z.array(s),
    hosts: z.array(s),
    error: s.optional(),
  }),
  z.object({ kind: z.literal("foreign"), t: n, host: s, container: s, running: z.boolean(), status: s, restart: s, before: s.optional() }),
]);

const verdict = z.object({
  check: z.enum(CHECK_NAMES),
  status: z.enum(["pass", "fail", "n/a"]),
  value: s,
  reason: s,
  evidence: z.array(z.object({ subject: s, detail: s, t: n.optional(), failing: z.literal(true).optional() })),
});

const fault = z.object({ id: s, kind: s, beginT: n, endT: n, affected: z.array(s), hosts: z.array(s), error: s.optional() });
const member = z.object({ name: s, host: s, role: z.enum(["smesher", "poet"]), group: s, restart: s, units: n, state: s });

export const runResultSchema: z.ZodType<RunResult> = z.object({
  runId: s,
  profile: s,
  profilePath: s,
  description: s.optional(),
  experimentId: s,
  seed: n,
  startedAt: s,
  endedAt: s,
  durationMs: n,
  outcome: z.enum(["pass", "fail", "reproduced", "not-reproduced", "inconclusive", "interrupted", "error"]),
  exitCode: n,
  expected: z.object({ outcome: z.enum(["pass", "reproduced"]), failing: z.array(s) }),
  unexpected: z.array(s),
  missing: z.array(s),
  inconclusive: z.array(s).default([]),
  steady: z.object({ reachedT: n.optional(), detail: s }),
  verdicts: z.array(verdict),
  faults: z.array(fault),
  members: z.array(member),
  hosts: z.array(z.object({ key: s, sandbox: s, liveRestore: z.boolean() })),
  clock: z.object({ runStartWallMs: n, genesisMs: n, layerMs: n, layersPerEpoch: n }),
  endT: n,
  timeline: z.array(event),
  journalPath: s,
  error: s.optional(),
});
