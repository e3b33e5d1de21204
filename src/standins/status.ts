// The JSON a stand-in serves on GET /status: the one shape rebound's observer reads, for both roles.
// Issue 3 (the full network model) fills atxs, poetRegistrations, the round states and "healed" without reshaping it.

export type HareOutcome = "confirmed" | "failed" | "healed";
/** "syncing" covers issue 3's notSynced and gossipSync; that detail can ride along in an extra field. */
export type SmesherPhase = "initialising" | "syncing" | "synced";
export type StandinPhase = SmesherPhase | "serving";
/** The first cut uses open and done; executing and skipped are the PoET round model of issue 3. */
export type PoetRoundState = "open" | "executing" | "done" | "skipped";

export interface HareLayer {
  layer: number;
  outcome: HareOutcome;
  /** Units whose votes this smesher counted for the layer, its own included. */
  weight: number;
  /** The epoch's total weight the threshold was measured against. */
  totalWeight: number;
}

export interface AtxStatus {
  smesher: string;
  publishEpoch: number;
  targetEpoch: number;
  weight: number;
  poet: string;
}

/** A smesher's side of PoET registration. */
export interface PoetRegistrationStatus {
  epoch: number;
  poet: string;
  ok: boolean;
  at: string;
}

/** A PoET's side: one round per epoch. */
export interface PoetRoundStatus {
  epoch: number;
  state: PoetRoundState;
  registrations: string[];
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
  /** ISO time the identity key was generated: later than the first start means the identity was lost. */
  identityCreatedAt: string;
  /** Set when the persisted identity belongs to another name than this container's. */
  identityMismatch: { persisted: string; configured: string } | null;
  phase: StandinPhase;
  /** PoST initialisations over the life of the data directory: more than 1 means PoST data was lost. */
  postInits: number;
  postInitDone: boolean;
  currentLayer: number;
  currentEpoch: number;
  /** -1 until a layer is verified. */
  verifiedLayer: number;
  /** Last layer this stand-in processed, persisted every layer; -1 before the first. */
  lastLayer: number;
  /** lastLayer as found on disk at this start: a value below the previous run's lastLayer is a regression. */
  resumedFromLayer: number;
  /** Sliding window of per-layer Hare outcomes, oldest first. */
  hare: HareLayer[];
  /** The weight Hare measures against in the current epoch. */
  epochWeight: { epoch: number; total: number; activeSet: number };
  peersReachable: number;
  peersTotal: number;
  /** Failed vote or registration requests since this process started. */
  requestErrors: number;
  atxs: AtxStatus[];
  poetRegistrations: PoetRegistrationStatus[];
  rounds: PoetRoundStatus[];
  lastError: { at: string; message: string } | null;
}

export const HARE_WINDOW = 50;
