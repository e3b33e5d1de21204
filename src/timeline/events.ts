// The run's timeline: every observation as a typed event, stamped in milliseconds since the run started.
import type { StandinStatus } from "../standins/status.js";

/** The part of a stand-in's /status the checks read; the rest stays out of the timeline to keep it small. */
export type StandinSnapshot = Pick<
  StandinStatus,
  | "role"
  | "key"
  | "starts"
  | "identityChanges"
  | "postInits"
  | "phase"
  | "syncState"
  | "currentLayer"
  | "currentEpoch"
  | "verifiedLayer"
  | "lastLayer"
  | "resumedFromLayer"
  | "peersReachable"
  | "peersTotal"
> & {
  onlineWeight: number;
  epochWeight: number;
  lastHare?: string;
  /** Epochs this smesher published an ATX for (target epochs). */
  atxTargets: number[];
  /** For a PoET: rounds with their registration counts. */
  rounds: { epoch: number; state: string; registrations: number }[];
  /** How the previous process on the data directory ended (absent: an older stand-in that does not say). */
  lastExit?: { kind: "first" | "clean" | "killed"; code?: number };
  /** This smesher's own record of the layer that holds its verified layer back, when one does. */
  stalled?: { layer: number; outcome: string; weight: number; total: number; voters: number; via: string };
  /** Votes counted late, and layers whose work began or ran late, since this process started. */
  lateVotes?: number;
  slowLayers?: { count: number; worstMs: number };
};

export type TimelineEvent =
  | { kind: "phase"; t: number; phase: string; detail?: string }
  | { kind: "daemon"; t: number; host: string; state: "up" | "down" }
  | {
      kind: "docker";
      t: number;
      host: string;
      container: string;
      action: string;
      /** false: a container that does not carry this experiment's labels. */
      managed: boolean;
      exitCode?: number;
    }
  | {
      kind: "reconcile";
      t: number;
      host: string;
      container: string;
      running: boolean;
      startedAt: string;
      finishedAt: string;
      exitCode: number;
      restartCount: number;
      health?: string;
    }
  | { kind: "standin"; t: number; container: string; reachable: true; status: StandinSnapshot }
  | { kind: "standin"; t: number; container: string; reachable: false }
  | { kind: "fault"; t: number; id: string; fault: string; phase: "begin" | "end" | "failed"; targets: string[]; hosts: string[]; error?: string }
  /**
   * A container that is not the experiment's, on one of its engines, as it stood before a fault (`before` names
   * the fault) or when observation ended: what containment judges on a shared engine.
   */
  | { kind: "foreign"; t: number; host: string; container: string; running: boolean; status: string; restart: string; before?: string };

export function snapshotOf(status: StandinStatus): StandinSnapshot {
  return {
    role: status.role,
    key: status.key,
    starts: status.starts,
    identityChanges: status.identityChanges ?? 0,
    postInits: status.postInits,
    phase: status.phase,
    syncState: status.syncState ?? null,
    currentLayer: status.currentLayer,
    currentEpoch: status.currentEpoch,
    verifiedLayer: status.verifiedLayer,
    lastLayer: status.lastLayer,
    resumedFromLayer: status.resumedFromLayer,
    peersReachable: status.peersReachable,
    peersTotal: status.peersTotal,
    onlineWeight: status.epochWeight?.online ?? 0,
    epochWeight: status.epochWeight?.total ?? 0,
    lastHare: status.hare?.at(-1)?.outcome,
    atxTargets: (status.atxs ?? []).map((atx) => atx.targetEpoch),
    rounds: (status.rounds ?? []).map((round) => ({ epoch: round.epoch, state: round.state, registrations: round.registrations.length })),
    ...stalledOf(status),
    ...(status.lateVotes === undefined ? {} : { lateVotes: status.lateVotes }),
    ...(status.slowLayers ? { slowLayers: { count: status.slowLayers.count, worstMs: status.slowLayers.worstMs } } : {}),
    ...(status.lastExit ? { lastExit: { kind: status.lastExit.kind, ...(status.lastExit.code === undefined ? {} : { code: status.lastExit.code }) } } : {}),
  };
}

function stalledOf(status: StandinStatus): Pick<StandinSnapshot, "stalled"> {
  const layer = status.tortoise?.stalledAt;
  const record = layer === null || layer === undefined ? undefined : status.hare?.find((r) => r.layer === layer);
  if (!record) return {};
  const { outcome, weight, totalWeight: total, voters, via } = record;
  return { stalled: { layer: record.layer, outcome, weight, total, voters, via } };
}

/** Snapshots differ in a way worth a new timeline event (not every poll is one). */
export function changed(a: StandinSnapshot | undefined, b: StandinSnapshot): boolean {
  if (!a) return true;
  return (
    a.key !== b.key ||
    a.starts !== b.starts ||
    a.postInits !== b.postInits ||
    a.phase !== b.phase ||
    a.syncState !== b.syncState ||
    a.currentLayer !== b.currentLayer ||
    a.verifiedLayer !== b.verifiedLayer ||
    a.peersReachable !== b.peersReachable ||
    a.atxTargets.length !== b.atxTargets.length ||
    a.stalled?.layer !== b.stalled?.layer ||
    a.lateVotes !== b.lateVotes ||
    a.slowLayers?.count !== b.slowLayers?.count ||
    JSON.stringify(a.rounds) !== JSON.stringify(b.rounds)
  );
}
