// Sync: a (re)started smesher fetches what it missed from a peer, listens to gossip for a while, and only then votes.
import type { SyncState } from "../status.js";
import { parseAtx, type Atx } from "./atx.js";
import type { LayerRecord } from "./hare.js";
import type { LogFields } from "./transport.js";

export interface SyncRequest {
  id: string;
  /** First layer the requester lacks an outcome for. */
  from: number;
  /** The requester's current epoch: it needs the ATXs targeting it and the next. */
  epoch: number;
}

export interface SyncResponse {
  id: string;
  state: SyncState;
  lastLayer: number;
  verified: number;
  start: number | null;
  firstAtxTarget: number | null;
  records: LayerRecord[];
  atxs: Atx[];
}

const TRANSITIONS_LIMIT = 20;
const RANK: Record<SyncState, number> = { synced: 2, gossipSync: 1, notSynced: 0 };

export class SyncMachine {
  state: SyncState = "notSynced";
  /** First layer watched from its start: only those are evaluated from this node's own vote box. */
  observedFrom = Number.POSITIVE_INFINITY;
  private since = 0;
  transitions: { layer: number; state: SyncState }[] = [];

  constructor(
    private readonly gossipLayers: number,
    private readonly log: (event: string, fields?: LogFields) => void,
  ) {}

  /**
   * A fetch succeeded (or there is nobody to fetch from): listen to gossip from the next full layer. A network that
   * has not confirmed any layer yet has nothing to catch up with: synced at once, as go-spacemesh is at genesis.
   */
  fetched(layer: number, networkStarted = true): void {
    if (this.state !== "notSynced") return;
    this.since = layer;
    this.observedFrom = layer + 1;
    this.move(networkStarted ? "gossipSync" : "synced", layer);
  }

  /** At a layer tick. Returns "synced" on the tick it becomes synced. */
  onLayer(layer: number, lagged: boolean): "synced" | "fellBehind" | null {
    if (lagged && this.state !== "notSynced") {
      this.observedFrom = Number.POSITIVE_INFINITY;
      this.move("notSynced", layer);
      return "fellBehind";
    }
    if (this.state === "gossipSync" && layer >= this.since + this.gossipLayers) {
      this.move("synced", layer);
      return "synced";
    }
    return null;
  }

  private move(state: SyncState, layer: number): void {
    this.state = state;
    this.transitions = [...this.transitions, { layer, state }].slice(-TRANSITIONS_LIMIT);
    this.log("sync", { state, layer });
  }
}

function parseRecord(raw: unknown): LayerRecord | undefined {
  const r = raw as Partial<LayerRecord> | null;
  if (!r || !Number.isInteger(r.layer) || !["confirmed", "failed", "healed"].includes(r.outcome as string)) return undefined;
  if (!Number.isSafeInteger(r.weight) || !Number.isSafeInteger(r.total)) return undefined;
  const via = r.via === "none" ? "none" : r.via === "sync" ? "sync" : "votes";
  return { layer: r.layer!, outcome: r.outcome!, weight: r.weight!, total: r.total!, voters: Number(r.voters) || 0, via };
}

const intOrNull = (v: unknown): number | null => (Number.isInteger(v) ? (v as number) : null);

export function parseSyncResponse(raw: unknown): SyncResponse | undefined {
  const s = raw as Partial<SyncResponse> | null;
  if (!s || typeof s.id !== "string" || !(s.state! in RANK) || !Number.isInteger(s.verified) || !Number.isInteger(s.lastLayer)) return undefined;
  if (!Array.isArray(s.records) || !Array.isArray(s.atxs)) return undefined;
  return {
    id: s.id,
    state: s.state!,
    lastLayer: s.lastLayer!,
    verified: s.verified!,
    start: intOrNull(s.start),
    firstAtxTarget: intOrNull(s.firstAtxTarget),
    records: s.records.map(parseRecord).filter((r): r is LayerRecord => r !== undefined),
    atxs: s.atxs.map(parseAtx).filter((a): a is Atx => a !== undefined),
  };
}

/** A synced peer over one still catching up, then the one that has seen most. */
export function bestResponse(responses: SyncResponse[]): SyncResponse | undefined {
  let best: SyncResponse | undefined;
  for (const r of responses) {
    if (!best || RANK[r.state] > RANK[best.state] || (RANK[r.state] === RANK[best.state] && r.lastLayer > best.lastLayer)) best = r;
  }
  return best;
}
