// The /status fields both roles report the same way, with the defaults a role overrides.
import type { StandinStatus } from "../status.js";
import { epochOf, layerAt } from "./clock.js";
import type { ModelParams } from "./params.js";
import type { IdentityDoc } from "./post.js";

export interface CommonDoc {
  id: string;
  identity: IdentityDoc;
  identityChanges: number;
  starts: number;
  startedAt: string;
  lastError: { at: string; message: string } | null;
}

export function baseStatus(role: StandinStatus["role"], p: ModelParams, nowMs: number, doc: CommonDoc, configuredId: string): StandinStatus {
  const currentLayer = layerAt(p.clock, nowMs);
  const currentEpoch = epochOf(currentLayer, p.clock.layersPerEpoch);
  return {
    role,
    id: configuredId,
    key: doc.identity.key,
    units: 0,
    starts: doc.starts,
    startedAt: doc.startedAt,
    identityCreatedAt: doc.identity.createdAt,
    identityChanges: doc.identityChanges,
    identityMismatch: doc.identity.id !== configuredId ? { persisted: doc.identity.id, configured: configuredId } : null,
    phase: "serving",
    syncState: null,
    syncTransitions: [],
    postInits: 0,
    postInitDone: false,
    currentLayer,
    currentEpoch,
    verifiedLayer: -1,
    tortoise: { selfHealing: p.selfHealing, startLayer: null, stalledAt: null, lag: 0 },
    lastLayer: -1,
    resumedFromLayer: -1,
    hare: [],
    epochWeight: { epoch: currentEpoch, total: 0, activeSet: 0, genesis: false, online: 0, own: 0 },
    peersReachable: 0,
    peersTotal: 0,
    requestErrors: 0,
    lateVotes: 0,
    atxs: [],
    atxsByEpoch: [],
    poetRegistrations: [],
    poetProofs: [],
    untrustedPoets: [],
    rounds: [],
    lastError: doc.lastError,
  };
}

/** Records a failed write in lastError rather than throwing: the next layer tries again. */
export function writeOrNote(doc: { lastError: CommonDoc["lastError"] }, nowMs: number, what: string, error: string | null): boolean {
  if (error === null) return true;
  doc.lastError = { at: new Date(nowMs).toISOString(), message: `${what}: ${error}` };
  return false;
}
