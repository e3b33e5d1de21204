// Epoch weight: the genesis units until the network could have ATXs, then only the sum of the ATXs targeting the epoch.
import type { AtxStore } from "./atx.js";
import { epochOf } from "./clock.js";
import type { ModelParams } from "./params.js";
import { atxTargetOfLayer } from "./rounds.js";

/** smesher id -> space units, every smesher of the network at genesis. */
export type GenesisSet = ReadonlyMap<string, number>;

export function genesisSet(members: { id: string; units: number }[]): GenesisSet {
  return new Map(members.map((m) => [m.id, m.units] as const));
}

export interface EpochWeight {
  epoch: number;
  total: number;
  activeSet: number;
  genesis: boolean;
}

/**
 * The first epoch whose weight can only come from ATXs; null while the network has confirmed no layer. rebound fixes
 * genesis before the containers run, so the network starts late, at the Tortoise's effective genesis (its start, the
 * first layer confirmed, which smeshers persist and sync). The smeshers voting then register for the round open at
 * that layer: it ends in its publish epoch, whose ATXs target the next one. Never before epochOf(start) + 1 (a
 * phaseShift of a whole epoch or more): the epoch the network started in was on genesis weight, as it must have been.
 */
export function genesisEnd(p: Pick<ModelParams, "clock" | "phaseShift">, start: number | null): number | null {
  if (start === null) return null;
  return Math.max(atxTargetOfLayer(p, start), epochOf(start, p.clock.layersPerEpoch) + 1);
}

/**
 * Epochs 0 and 1 are genesis; so is every epoch before the first ATXs' target (a network whose first round missed
 * its smeshers), but only up to genesisEnd. From there on an epoch without any ATX has no weight at all: a network
 * that never had a PoET, or lost them before its first ATXs, halts, as the real one would.
 */
export function isGenesisEpoch(epoch: number, atxs: AtxStore, end: number | null): boolean {
  if (epoch <= 1) return true;
  if (end !== null && epoch >= end) return false;
  return atxs.firstTarget === null || epoch < atxs.firstTarget;
}

/** One smesher's view of every epoch's weight: its genesis set, the ATXs it knows, and its Tortoise's start. */
export class Weights {
  constructor(
    private readonly p: Pick<ModelParams, "clock" | "phaseShift">,
    readonly genesis: GenesisSet,
    private readonly atxs: AtxStore,
    private readonly start: () => number | null,
  ) {}

  isGenesis(epoch: number): boolean {
    return isGenesisEpoch(epoch, this.atxs, genesisEnd(this.p, this.start()));
  }

  epoch(epoch: number): EpochWeight {
    if (this.isGenesis(epoch)) {
      let total = 0;
      for (const units of this.genesis.values()) total += units;
      return { epoch, total, activeSet: this.genesis.size, genesis: true };
    }
    const list = this.atxs.forTarget(epoch);
    return { epoch, total: list.reduce((sum, atx) => sum + atx.weight, 0), activeSet: list.length, genesis: false };
  }

  /** Genesis weight belongs to the name; ATX weight to the identity key that published the ATX. */
  voter(epoch: number, id: string, key: string): number {
    if (this.isGenesis(epoch)) return this.genesis.get(id) ?? 0;
    return this.atxs.get(epoch, id, key)?.weight ?? 0;
  }
}
