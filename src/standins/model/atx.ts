// ATXs: a smesher's activation for the next epoch, weight = units x ticks of the PoET proof behind it.

export interface Atx {
  smesher: string;
  /** The identity key that published it: a smesher that lost its key cannot vote with this ATX's weight. */
  key: string;
  publishEpoch: number;
  targetEpoch: number;
  units: number;
  ticks: number;
  weight: number;
  poet: string;
}

export function makeAtx(smesher: string, key: string, units: number, publishEpoch: number, ticks: number, poet: string): Atx {
  return { smesher, key, publishEpoch, targetEpoch: publishEpoch + 1, units, ticks, weight: units * ticks, poet };
}

const positive = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

/** Arithmetic is checked, not trusted: a gossiped ATX whose weight is not units x ticks is dropped. */
export function parseAtx(raw: unknown): Atx | undefined {
  const a = raw as Partial<Atx> | null;
  if (!a || typeof a.smesher !== "string" || typeof a.key !== "string" || typeof a.poet !== "string") return undefined;
  if (!Number.isInteger(a.publishEpoch) || a.targetEpoch !== (a.publishEpoch as number) + 1) return undefined;
  if (!positive(a.units) || !positive(a.ticks) || a.weight !== a.units * a.ticks) return undefined;
  return makeAtx(a.smesher, a.key, a.units, a.publishEpoch as number, a.ticks, a.poet);
}

/** The ATXs this smesher knows, by target epoch; one per identity (smesher and key) and epoch. */
export class AtxStore {
  private byTarget = new Map<number, Map<string, Atx>>();
  /** Lowest target epoch of any ATX ever seen: before it (and before weight.ts's genesisEnd), genesis weight counts. */
  firstTarget: number | null;

  constructor(atxs: Atx[] = [], firstTarget: number | null = null) {
    this.firstTarget = firstTarget;
    for (const atx of atxs) this.add(atx);
  }

  /** true when it was new. */
  add(atx: Atx): boolean {
    let epoch = this.byTarget.get(atx.targetEpoch);
    if (!epoch) this.byTarget.set(atx.targetEpoch, (epoch = new Map()));
    const id = `${atx.smesher}:${atx.key}`;
    if (epoch.has(id)) return false;
    epoch.set(id, atx);
    this.noteFirst(atx.targetEpoch);
    return true;
  }

  noteFirst(target: number | null): void {
    if (target !== null && (this.firstTarget === null || target < this.firstTarget)) this.firstTarget = target;
  }

  get(target: number, smesher: string, key: string): Atx | undefined {
    return this.byTarget.get(target)?.get(`${smesher}:${key}`);
  }

  forTarget(target: number): Atx[] {
    return [...(this.byTarget.get(target)?.values() ?? [])];
  }

  /** What a peer that syncs needs: the ATXs for its current epoch and the next. */
  fromTarget(target: number): Atx[] {
    return this.all().filter((atx) => atx.targetEpoch >= target);
  }

  all(): Atx[] {
    return [...this.byTarget.keys()].sort((a, b) => a - b).flatMap((e) => this.forTarget(e));
  }

  /** Old epochs no longer matter for weight; firstTarget stays. */
  prune(belowTarget: number): void {
    for (const target of this.byTarget.keys()) if (target < belowTarget) this.byTarget.delete(target);
  }
}
