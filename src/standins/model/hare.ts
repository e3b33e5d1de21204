// Hare, per layer: votes count when they arrive before the deadline; the layer is confirmed with more than the threshold.
import type { HareOutcome } from "../status.js";
import { parseAtx, type Atx } from "./atx.js";
import { layerStartMs } from "./clock.js";
import { exceeds, scaleFloor, type Fraction } from "./fraction.js";
import type { ModelParams } from "./params.js";

export interface Vote {
  id: string;
  key: string;
  layer: number;
  /** What the voter claims; receivers count the weight their own view of the epoch gives it. */
  weight: number;
  /** The voter's ATX for the layer's epoch, so a peer that missed its gossip can still count it. */
  atx?: Atx;
  /** The voter's Tortoise start, so every smesher settles on the earliest (it bounds the genesis weight). */
  start?: number;
}

/** votes: from a node's own vote box; sync: fetched from a peer; none: nobody had an outcome for the layer. */
export type RecordSource = "votes" | "sync" | "none";

export interface LayerRecord {
  layer: number;
  outcome: HareOutcome;
  weight: number;
  total: number;
  voters: number;
  via: RecordSource;
}

export type VoteResult = "counted" | "duplicate" | "late" | "early" | "inactive";

export function voteDeadlineMs(p: ModelParams, layer: number): number {
  return layerStartMs(p.clock, layer) + scaleFloor(p.clock.layerMs, p.voteDeadline);
}

export function parseVote(raw: unknown): Vote | undefined {
  const v = raw as Partial<Vote> | null;
  if (!v || typeof v.id !== "string" || typeof v.key !== "string" || !Number.isInteger(v.layer)) return undefined;
  if (!Number.isSafeInteger(v.weight)) return undefined;
  const atx = v.atx === undefined ? undefined : parseAtx(v.atx);
  if (v.atx !== undefined && (!atx || atx.smesher !== v.id || atx.key !== v.key)) return undefined;
  const start = Number.isInteger(v.start) && (v.start as number) >= 0 ? (v.start as number) : undefined;
  return { id: v.id, key: v.key, layer: v.layer as number, weight: v.weight as number, atx, ...(start === undefined ? {} : { start }) };
}

export function hareOutcome(weight: number, total: number, threshold: Fraction): HareOutcome {
  return exceeds(weight, total, threshold) ? "confirmed" : "failed";
}

export class VoteBox {
  /** layer -> voter identity -> weight counted */
  private layers = new Map<number, Map<string, number>>();
  late = 0;

  accept(p: ModelParams, vote: Vote, weight: number, nowMs: number): VoteResult {
    if (weight <= 0) return "inactive";
    if (nowMs >= voteDeadlineMs(p, vote.layer)) {
      this.late += 1;
      return "late";
    }
    // A layer ahead is clock skew between hosts; further ahead is nonsense that would only take memory.
    if (nowMs < layerStartMs(p.clock, vote.layer - 1)) return "early";
    let voters = this.layers.get(vote.layer);
    if (!voters) this.layers.set(vote.layer, (voters = new Map()));
    const identity = `${vote.id}:${vote.key}`;
    if (voters.has(identity)) return "duplicate";
    voters.set(identity, weight);
    return "counted";
  }

  evaluate(layer: number, total: number, threshold: Fraction): LayerRecord {
    const voters = this.layers.get(layer) ?? new Map<string, number>();
    let weight = 0;
    for (const w of voters.values()) weight += w;
    return { layer, outcome: hareOutcome(weight, total, threshold), weight, total, voters: voters.size, via: "votes" };
  }

  prune(belowLayer: number): void {
    for (const layer of this.layers.keys()) if (layer < belowLayer) this.layers.delete(layer);
  }
}
