// The JSON a stand-in serves on GET /status: the one shape rebound's observer reads, for both roles.

export type HareOutcome = "confirmed" | "failed" | "healed";
export type SyncState = "notSynced" | "gossipSync" | "synced";
/** Coarse and kept for compatibility: "syncing" covers notSynced and gossipSync (see syncState for the detail). */
export type SmesherPhase = "initialising" | "syncing" | "synced";
export type StandinPhase = SmesherPhase | "serving";
/** open: taking registrations; executing; done: proofs served; skipped: its end passed while the PoET was down. */
export type PoetRoundState = "open" | "executing" | "done" | "skipped";

export interface HareLayer {
  layer: number;
  /** healed: no Hare output, confirmed (as empty) by Tortoise self-healing. */
  outcome: HareOutcome;
  /** Weight of the votes this smesher counted for the layer, its own included. */
  weight: number;
  /** The epoch's total weight the threshold was measured against. */
  totalWeight: number;
  voters: number;
  /** votes: its own vote box; sync: fetched from a peer; none: nobody had an outcome (a gap). */
  via: "votes" | "sync" | "none";
}

export interface AtxStatus {
  smesher: string;
  publishEpoch: number;
  targetEpoch: number;
  weight: number;
  poet: string;
  units: number;
  ticks: number;
}

/** Every ATX this smesher knows, summed by the epoch it targets. */
export interface AtxEpochStatus {
  targetEpoch: number;
  count: number;
  weight: number;
}

/** A smesher's side of PoET registration: epoch is the round, i.e. the publish epoch it serves. */
export interface PoetRegistrationStatus {
  epoch: number;
  poet: string;
  ok: boolean;
  at: string;
  layer: number;
  error?: string;
}

export interface PoetProofStatus {
  round: number;
  poet: string;
  ticks: number;
  layer: number;
}

/** A PoET's side: one round per publish epoch. */
export interface PoetRoundStatus {
  epoch: number;
  state: PoetRoundState;
  registrations: string[];
  startLayer: number;
  endLayer: number;
  executedMs: number;
  ticks: number | null;
}

export interface EpochWeightStatus {
  epoch: number;
  /** Weight Hare measures against: the ATXs targeting the epoch, or the genesis units. */
  total: number;
  activeSet: number;
  genesis: boolean;
  /** Weight of the in-time votes of the last layer this smesher evaluated: the network's online weight. */
  online: number;
  /** This smesher's own weight in the epoch (0: not active, it does not vote). */
  own: number;
}

/**
 * How the previous process on this data directory ended, from the marker it left there (src/standins/run-marker.ts).
 * first: no marker, i.e. no earlier run on this data directory (new volume, a tmpfs after a restart, a recreated
 * container). clean: the process ended itself and recorded its exit code (0: state persisted on SIGTERM/SIGINT;
 * 1: that persist failed, or reason "error": a fatal error). killed: a run began and recorded no end (SIGKILL,
 * power loss, OOM kill).
 */
export interface LastExit {
  kind: "first" | "clean" | "killed";
  /** Exit code, for clean. */
  code?: number;
  /** ISO time the end was recorded, for clean. */
  at?: string;
  /** For clean: the signal it stopped on, or "error". */
  reason?: string;
}

export interface StandinStatus {
  role: "smesher" | "poet";
  id: string;
  key: string;
  /** Space units; 0 for a PoET. */
  units: number;
  /** Process starts over the life of the data directory (1 = never restarted, or state lost). */
  starts: number;
  /** ISO time this process started. */
  startedAt: string;
  /** Set by the process, not the model: absent from an older stand-in and from the in-memory model. */
  lastExit?: LastExit;
  /** ISO time the identity key was generated: later than the first start means the identity was lost. */
  identityCreatedAt: string;
  /** Keys generated while the state remembered another one: each is a lost identity. */
  identityChanges: number;
  /** Set when the persisted identity belongs to another name than this container's. */
  identityMismatch: { persisted: string; configured: string } | null;
  phase: StandinPhase;
  /** null for a PoET. */
  syncState: SyncState | null;
  /** Recent sync state changes, oldest first. */
  syncTransitions: { layer: number; state: SyncState }[];
  /** PoST initialisations over the life of the data directory: more than 1 means PoST data was lost. */
  postInits: number;
  postInitDone: boolean;
  currentLayer: number;
  currentEpoch: number;
  /** -1 until a layer is verified. */
  verifiedLayer: number;
  tortoise: {
    selfHealing: boolean;
    /** First layer the network confirmed, as this smesher knows it; null before. */
    startLayer: number | null;
    /** First layer holding the verified layer back, when a later one is known. */
    stalledAt: number | null;
    /** currentLayer - verifiedLayer */
    lag: number;
  };
  /** Last layer whose state reached the disk (a layer's write lands off the event loop); -1 before the first. */
  lastLayer: number;
  /** lastLayer as found on disk at this start: a value below the previous run's lastLayer is a regression. */
  resumedFromLayer: number;
  /** Sliding window of per-layer Hare outcomes, oldest first. */
  hare: HareLayer[];
  epochWeight: EpochWeightStatus;
  peersReachable: number;
  peersTotal: number;
  /** Failed vote, sync, gossip or PoET requests since this process started. */
  requestErrors: number;
  /** Votes that arrived after the deadline since this process started. */
  lateVotes: number;
  /**
   * Layers whose work began or ran late by more than a quarter of a layer since this process started, the worst
   * delay, and the latest few: a vote sent or counted late fails a layer, so a failed layer's cause shows here.
   */
  slowLayers?: SlowLayers;
  /** This smesher's own ATXs, oldest first. */
  atxs: AtxStatus[];
  atxsByEpoch: AtxEpochStatus[];
  poetRegistrations: PoetRegistrationStatus[];
  poetProofs: PoetProofStatus[];
  /** PoETs whose key changed since first contact: a new PoET this smesher does not trust. */
  untrustedPoets: string[];
  rounds: PoetRoundStatus[];
  lastError: { at: string; message: string } | null;
}

export const HARE_WINDOW = 50;

export interface SlowLayers {
  count: number;
  worstMs: number;
  recent: { layer: number; lateMs: number; tookMs: number }[];
}
