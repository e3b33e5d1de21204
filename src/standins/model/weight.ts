// Epoch weight: the genesis units until the network's first ATXs count, then the sum of the ATXs targeting the epoch.
import type { AtxStore } from "./atx.js";

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
 * Epochs 0 and 1 are genesis. rebound fixes genesis when it creates the experiment, before the containers run, so a
 * network that came up late has published no ATX for epoch 2 either: epochs before the first ATX's target stay on
 * the genesis weight too. Once ATXs exist, an epoch without any has no weight at all.
 */
export function isGenesisEpoch(epoch: number, atxs: AtxStore): boolean {
  return epoch <= 1 || atxs.firstTarget === null || epoch < atxs.firstTarget;
}

export function epochWeight(epoch: number, genesis: GenesisSet, atxs: AtxStore): EpochWeight {
  if (isGenesisEpoch(epoch, atxs)) {
    let total = 0;
    for (const units of genesis.values()) total += units;
    return { epoch, total, activeSet: genesis.size, genesis: true };
  }
  const list = atxs.forTarget(epoch);
  return { epoch, total: list.reduce((sum, atx) => sum + atx.weight, 0), activeSet: list.length, genesis: false };
}

/** Genesis weight belongs to the name; ATX weight to the identity key that published the ATX. */
export function voterWeight(epoch: number, id: string, key: string, genesis: GenesisSet, atxs: AtxStore): number {
  if (isGenesisEpoch(epoch, atxs)) return genesis.get(id) ?? 0;
  return atxs.get(epoch, id, key)?.weight ?? 0;
}
