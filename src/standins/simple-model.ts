// First-cut network model, pure: a layer's Hare outcome from the votes counted, and the verified layer.
// Issue 3 replaces this module with the full Hare/Tortoise/ATX model; the runtime only calls these functions.
import type { LayerRecord } from "./state.js";

export type Fraction = [numerator: number, denominator: number];

/** Integer cross-multiplication, so "exactly half" is never rounded into "more than half". */
export function exceedsShare(part: number, total: number, [num, den]: Fraction): boolean {
  return part * den > num * total;
}

export interface EpochWeight {
  total: number;
  activeSet: number;
  units: ReadonlyMap<string, number>;
}

/** First cut: every epoch weighs what genesis does, since there are no ATXs yet. */
export function genesisWeight(genesisSet: { id: string; units: number }[]): EpochWeight {
  const units = new Map(genesisSet.map((m) => [m.id, m.units] as const));
  let total = 0;
  for (const u of units.values()) total += u;
  return { total, activeSet: units.size, units };
}

export interface Vote {
  id: string;
  units: number;
  layer: number;
}

/** layer -> voter id -> units counted */
export type VoteBox = Map<number, Map<string, number>>;

/** Weight comes from the epoch's active set, not from the vote, so a voter cannot claim more than it has. */
export function acceptVote(box: VoteBox, vote: unknown, currentLayer: number, weight: EpochWeight): string | null {
  const v = vote as Partial<Vote> | null;
  if (!v || typeof v.id !== "string" || !Number.isInteger(v.layer)) return "expected {id, units, layer}";
  const layer = v.layer as number;
  if (layer < currentLayer - 1 || layer > currentLayer + 1) return `layer ${layer} is outside ${currentLayer}±1`;
  const units = weight.units.get(v.id);
  if (units === undefined) return `${v.id} is not in the epoch's active set`;
  let voters = box.get(layer);
  if (!voters) box.set(layer, (voters = new Map()));
  voters.set(v.id, units);
  return null;
}

export function pruneVotes(box: VoteBox, beforeLayer: number): void {
  for (const layer of box.keys()) if (layer < beforeLayer) box.delete(layer);
}

export function layerOutcome(layer: number, voters: ReadonlyMap<string, number>, weight: EpochWeight, threshold: Fraction): LayerRecord {
  let counted = 0;
  for (const u of voters.values()) counted += u;
  return {
    layer,
    outcome: exceedsShare(counted, weight.total, threshold) ? "confirmed" : "failed",
    weight: counted,
    totalWeight: weight.total,
    voters: voters.size,
  };
}

export interface Verification {
  verifiedLayer: number;
  stalledAt: number | null;
}

/**
 * Records arrive in layer order. Without self-healing a failed layer stops verification for good.
 * Layers the process was down for have no record and are skipped: issue 3's sync fetches them from peers instead.
 */
export function advanceVerified(v: Verification, record: LayerRecord): Verification {
  if (v.stalledAt !== null || record.layer <= v.verifiedLayer) return v;
  if (record.outcome === "failed") return { verifiedLayer: v.verifiedLayer, stalledAt: record.layer };
  return { verifiedLayer: record.layer, stalledAt: null };
}
