// Tortoise: the verified layer; it halts for good at a failed layer, or with self-healing heals it zdist layers later.
import { exceeds, type Fraction } from "./fraction.js";
import type { LayerRecord } from "./hare.js";

export interface TortoiseParams {
  selfHealing: boolean;
  zdist: number;
  tortoiseThreshold: Fraction;
}

export interface TortoiseSnapshot {
  /**
   * First layer the network confirmed: before it the network was still forming (see ensureStart). It also bounds
   * the genesis weight (weight.ts's genesisEnd).
   */
  start: number | null;
  verified: number;
  records: LayerRecord[];
}

/** Records at or below the verified layer kept for /status and for peers that sync from this one. */
const KEEP_VERIFIED = 60;
const MAX_RECORDS = 2000;
export const SYNC_RECORDS = 200;

export class Tortoise {
  private records = new Map<number, LayerRecord>();
  start: number | null;
  verified: number;

  constructor(private readonly p: TortoiseParams, snap?: TortoiseSnapshot) {
    this.start = snap?.start ?? null;
    this.verified = snap?.verified ?? -1;
    for (const r of snap?.records ?? []) this.records.set(r.layer, r);
  }

  /** This node's own Hare outcome for a layer it watched; returns the layers this healed. */
  record(r: LayerRecord): LayerRecord[] {
    if (this.records.has(r.layer)) return [];
    this.records.set(r.layer, r);
    this.ensureStart();
    const healed = this.p.selfHealing ? this.heal(r.layer) : [];
    this.advance();
    this.prune();
    return healed;
  }

  /** What a peer told this node: its records for layers this node did not watch, its verified layer, its start. */
  adopt(records: LayerRecord[], peerVerified: number, peerStart: number | null, below: number): number {
    let added = 0;
    for (const r of records) {
      if (r.layer >= below || this.records.has(r.layer)) continue;
      this.records.set(r.layer, { ...r, via: r.via === "votes" ? "sync" : r.via });
      added += 1;
    }
    if (this.start === null && peerStart !== null) {
      this.start = peerStart;
      this.verified = Math.max(this.verified, peerStart - 1);
    }
    if (peerStart !== null) this.hearStart(peerStart);
    this.ensureStart();
    if (this.start !== null) this.verified = Math.max(this.verified, peerVerified);
    this.advance();
    this.prune();
    return added;
  }

  /**
   * A start a peer reports, in a vote or a sync answer. It bounds the genesis weight, so smeshers must agree on it:
   * a smesher that was not listening yet when the network confirmed its first layer counts a later one, and the
   * earliest wins. Only a known start moves: verified is already past the earlier one, and nothing else changes.
   */
  hearStart(start: number): void {
    if (this.start !== null && start < this.start) this.start = start;
  }

  /** Layers nobody could tell this node about had no Hare output: they are failed (empty) layers. */
  fillMissing(upTo: number): number {
    if (this.start === null) return 0;
    let filled = 0;
    for (let layer = this.verified + 1; layer <= upTo; layer++) {
      if (this.records.has(layer)) continue;
      this.records.set(layer, { layer, outcome: "failed", weight: 0, total: 0, voters: 0, via: "none" });
      filled += 1;
    }
    return filled;
  }

  /** The first layer this node still lacks a record for. */
  fetchFrom(): number {
    let layer = this.start === null ? Math.max(-1, ...this.records.keys()) : this.verified;
    while (this.records.has(layer + 1)) layer += 1;
    return layer + 1;
  }

  /** The first layer that keeps the verified layer where it is, if the node knows of any later layer. */
  stalledAt(): number | null {
    if (this.start === null) return null;
    for (const layer of this.records.keys()) if (layer > this.verified) return this.verified + 1;
    return null;
  }

  recordsFrom(from: number, limit = SYNC_RECORDS): LayerRecord[] {
    return this.sorted().filter((r) => r.layer >= from).slice(-limit);
  }

  window(size: number): LayerRecord[] {
    return this.sorted().slice(-size);
  }

  snapshot(): TortoiseSnapshot {
    return { start: this.start, verified: this.verified, records: this.sorted() };
  }

  /**
   * rebound fixes genesis before any container runs, so the first layers pass with nobody voting: like
   * go-spacemesh's effective genesis, consensus starts at the first layer the network confirmed.
   */
  private ensureStart(): void {
    if (this.start !== null) return;
    const first = this.sorted().find((r) => r.outcome === "confirmed");
    if (!first) return;
    this.start = first.layer;
    this.verified = Math.max(this.verified, first.layer - 1);
  }

  /** Every failed layer up to m - zdist heals when each of the zdist layers since carried more than the threshold. */
  private heal(m: number): LayerRecord[] {
    const upTo = m - this.p.zdist;
    if (this.start === null || upTo <= this.verified) return [];
    for (let layer = upTo + 1; layer <= m; layer++) {
      const r = this.records.get(layer);
      if (!r || !exceeds(r.weight, r.total, this.p.tortoiseThreshold)) return [];
    }
    const healed: LayerRecord[] = [];
    for (let layer = this.verified + 1; layer <= upTo; layer++) {
      const r = this.records.get(layer);
      if (r && r.outcome !== "failed") continue;
      const h: LayerRecord = { ...(r ?? { layer, weight: 0, total: 0, voters: 0, via: "none" }), outcome: "healed" };
      this.records.set(layer, h);
      healed.push(h);
    }
    return healed;
  }

  private advance(): void {
    if (this.start === null) return;
    for (;;) {
      const next = this.records.get(this.verified + 1);
      if (!next || next.outcome === "failed") return;
      this.verified += 1;
    }
  }

  private prune(): void {
    for (const layer of this.records.keys()) if (layer < this.verified - KEEP_VERIFIED) this.records.delete(layer);
    if (this.records.size <= MAX_RECORDS) return;
    for (const r of this.sorted().slice(0, this.records.size - MAX_RECORDS)) this.records.delete(r.layer);
  }

  private sorted(): LayerRecord[] {
    return [...this.records.values()].sort((a, b) => a.layer - b.layer);
  }
}
