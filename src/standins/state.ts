// What a stand-in persists in its data directory, and the bookkeeping every process start applies to it.
import type { StandinConfig } from "./config.js";
import type { AtxStatus, HareOutcome, PoetRegistrationStatus, PoetRoundState } from "./status.js";

export const STATE_FILE = "state.json";
export const POST_MARKER = "post.marker";
export const HISTORY_LIMIT = 200;
export const ROUNDS_LIMIT = 20;

export interface Identity {
  id: string;
  key: string;
  createdAt: string;
}

export interface LayerRecord {
  layer: number;
  outcome: HareOutcome;
  weight: number;
  totalWeight: number;
  /** A count, not the ids: the state is rewritten every layer and must stay small with hundreds of smeshers. */
  voters: number;
}

interface CommonState {
  version: 1;
  identity: Identity;
  identityMismatch: { persisted: string; configured: string; at: string } | null;
  starts: number;
  startedAt: string;
  lastError: { at: string; message: string } | null;
}

export interface SmesherState extends CommonState {
  role: "smesher";
  units: number;
  postInits: number;
  lastLayer: number;
  resumedFromLayer: number;
  verifiedLayer: number;
  /** First layer that failed without being healed: the first cut's verified layer never passes it. */
  stalledAt: number | null;
  history: LayerRecord[];
  atxs: AtxStatus[];
  poetRegistrations: PoetRegistrationStatus[];
}

export interface PoetRound {
  state: PoetRoundState;
  registrations: string[];
}

export interface PoetState extends CommonState {
  role: "poet";
  rounds: Record<string, PoetRound>;
}

export type StartEvent = [event: string, fields: Record<string, string | number>];

export interface PostMarker {
  id: string;
  key: string;
  at: string;
}

function startCommon(prev: CommonState | undefined, config: StandinConfig, nowMs: number, newKey: () => string) {
  const at = new Date(nowMs).toISOString();
  const events: StartEvent[] = [];
  let identity = prev?.identity;
  if (!identity?.key) {
    identity = { id: config.id, key: newKey(), createdAt: at };
    events.push(["identity-created", { key: identity.key }]);
  }
  let identityMismatch = prev?.identityMismatch ?? null;
  if (identity.id !== config.id) {
    identityMismatch = { persisted: identity.id, configured: config.id, at };
    events.push(["identity-mismatch", { persisted: identity.id, configured: config.id }]);
  }
  const starts = (prev?.starts ?? 0) + 1;
  const common: CommonState = { version: 1, identity, identityMismatch, starts, startedAt: at, lastError: prev?.lastError ?? null };
  return { common, events };
}

export function startSmesherState(
  prev: SmesherState | undefined,
  config: StandinConfig,
  nowMs: number,
  newKey: () => string,
): { state: SmesherState; events: StartEvent[] } {
  const { common, events } = startCommon(prev, config, nowMs, newKey);
  const lastLayer = prev?.lastLayer ?? -1;
  const state: SmesherState = {
    ...common,
    role: "smesher",
    // Weight is fixed at creation: a later config change does not rewrite what the identity committed.
    units: prev?.units ?? config.units,
    postInits: prev?.postInits ?? 0,
    lastLayer,
    resumedFromLayer: lastLayer,
    verifiedLayer: prev?.verifiedLayer ?? -1,
    stalledAt: prev?.stalledAt ?? null,
    history: prev?.history ?? [],
    atxs: prev?.atxs ?? [],
    poetRegistrations: prev?.poetRegistrations ?? [],
  };
  events.push(["start", { starts: state.starts, key: state.identity.key, resumedFromLayer: lastLayer }]);
  return { state, events };
}

export function startPoetState(
  prev: PoetState | undefined,
  config: StandinConfig,
  nowMs: number,
  newKey: () => string,
): { state: PoetState; events: StartEvent[] } {
  const { common, events } = startCommon(prev, config, nowMs, newKey);
  const state: PoetState = { ...common, role: "poet", rounds: prev?.rounds ?? {} };
  events.push(["start", { starts: state.starts, key: state.identity.key, rounds: Object.keys(state.rounds).length }]);
  return { state, events };
}

/** PoST data belongs to one identity: a marker written for another key is as good as none. */
export function postInitNeeded(marker: PostMarker | undefined, identity: Identity): boolean {
  return !marker || marker.key !== identity.key;
}

export function pushBounded<T>(list: T[], item: T, limit: number): T[] {
  const next = [...list, item];
  return next.length > limit ? next.slice(next.length - limit) : next;
}
