// Activation, the smesher's side: register with PoETs before a round starts, fetch the proof after it ends, publish.
import type { PeerAddress } from "../config.js";
import { makeAtx, type Atx, type AtxStore } from "./atx.js";
import { epochOf, layerAt } from "./clock.js";
import type { ModelParams } from "./params.js";
import { checkPoetReply } from "./poet-trust.js";
import { openRound, registrationOpensLayer, roundEndLayer } from "./rounds.js";
import type { Env, Reply } from "./transport.js";

export interface Registration {
  round: number;
  poet: string;
  /** The smesher key it registered: a new identity has to register again. */
  key: string;
  ok: boolean;
  layer: number;
  error?: string;
}

export interface Proof {
  round: number;
  poet: string;
  key: string;
  ticks: number;
  layer: number;
}

export interface ActivationSnapshot {
  /** PoET keys trusted on first contact: rebound's config names PoETs by address only. */
  poetKeys: Record<string, string>;
  untrusted: string[];
  registrations: Registration[];
  proofs: Proof[];
  published: Atx[];
}

export interface Self {
  id: string;
  key: string;
  units: number;
}

const LIMIT = 50;

export function emptyActivation(): ActivationSnapshot {
  return { poetKeys: {}, untrusted: [], registrations: [], proofs: [], published: [] };
}

export class Activation {
  private tried = new Map<string, number>();
  private inflight = new Set<string>();
  stopped = false;
  requestErrors = 0;

  constructor(
    private readonly p: ModelParams,
    private readonly poets: PeerAddress[],
    private readonly env: Env,
    private readonly atxs: AtxStore,
    readonly snap: ActivationSnapshot,
    private readonly changed: () => void,
    private readonly gossip: (atx: Atx) => void,
  ) {}

  duties(layer: number, self: Self): void {
    this.publish(layer, self);
    this.register(layer, self);
  }

  private ok(round: number, key: string): Registration[] {
    return this.snap.registrations.filter((r) => r.round === round && r.key === key && r.ok);
  }

  /** At most one attempt per what and retry interval, and never two in flight. */
  private due(what: string, layer: number): boolean {
    if (this.inflight.has(what) || layer - (this.tried.get(what) ?? -Infinity) < this.p.poetRetryLayers) return false;
    this.tried.set(what, layer);
    this.inflight.add(what);
    return true;
  }

  private register(layer: number, self: Self): void {
    const round = openRound(this.p, this.env.now());
    if (this.ok(round - 1, self.key).length > 0 && layer < registrationOpensLayer(this.p, round)) return;
    for (const poet of this.poets) {
      if (this.snap.untrusted.includes(poet.id)) continue;
      if (this.snap.registrations.some((r) => r.round === round && r.poet === poet.id && r.key === self.key && r.ok)) continue;
      const what = `register:${round}:${poet.id}`;
      if (!this.due(what, layer)) continue;
      const body = { id: self.id, key: self.key, round };
      void this.env.transport.request(poet, "/register", body, this.p.clock.layerMs / 2).then((r) => {
        this.inflight.delete(what);
        if (this.stopped) return;
        const error = this.check(poet, r, (b) => b.round === round);
        const entry = { round, poet: poet.id, key: self.key, ok: !error, layer: this.layer(), ...(error ? { error } : {}) };
        const rest = this.snap.registrations.filter((x) => !(x.round === round && x.poet === poet.id && x.key === self.key));
        this.snap.registrations = [...rest, entry].slice(-LIMIT);
        this.env.log("poet-register", { round, poet: poet.id, ok: !error, error });
        this.changed();
      });
    }
  }

  private publish(layer: number, self: Self): void {
    const epoch = epochOf(layer, this.p.clock.layersPerEpoch);
    if (epoch < 1 || layer < roundEndLayer(this.p, epoch)) return;
    if (this.snap.published.some((a) => a.publishEpoch === epoch && a.key === self.key)) return;
    const registered = this.ok(epoch, self.key).map((r) => this.poets.find((p) => p.id === r.poet));
    const poets = registered.filter((p): p is PeerAddress => p !== undefined && !this.snap.untrusted.includes(p.id));
    if (poets.length === 0 || !this.due(`proof:${epoch}`, layer)) return;
    const body = { id: self.id, key: self.key, round: epoch };
    const asks = poets.map((poet) => this.env.transport.request(poet, "/proof", body, this.p.clock.layerMs / 2));
    void Promise.all(asks).then((replies) => {
      this.inflight.delete(`proof:${epoch}`);
      if (this.stopped) return;
      const proofs: Proof[] = [];
      replies.forEach((r, i) => {
        const poet = poets[i]!;
        const error = this.check(poet, r, (b) => b.round === epoch && Number.isSafeInteger(b.ticks) && (b.ticks as number) > 0);
        if (error) return this.env.log("poet-proof", { round: epoch, poet: poet.id, ok: false, error });
        proofs.push({ round: epoch, poet: poet.id, key: self.key, ticks: (r!.body as { ticks: number }).ticks, layer: this.layer() });
      });
      if (proofs.length > 0) this.publishWith(epoch, self, proofs);
    });
  }

  /** The best proof wins, as go-spacemesh picks the one with most ticks; too late once the publish epoch is over. */
  private publishWith(epoch: number, self: Self, proofs: Proof[]): void {
    this.snap.proofs = [...this.snap.proofs, ...proofs].slice(-LIMIT);
    if (epochOf(this.layer(), this.p.clock.layersPerEpoch) !== epoch) {
      this.env.log("atx-too-late", { publishEpoch: epoch });
      return this.changed();
    }
    const best = proofs.reduce((a, b) => (b.ticks > a.ticks ? b : a));
    const atx = makeAtx(self.id, self.key, self.units, epoch, best.ticks, best.poet);
    this.snap.published = [...this.snap.published, atx].slice(-LIMIT);
    this.atxs.add(atx);
    this.env.log("atx-published", { publishEpoch: epoch, targetEpoch: atx.targetEpoch, ticks: atx.ticks, weight: atx.weight, poet: atx.poet });
    this.changed();
    this.gossip(atx);
  }

  private check(poet: PeerAddress, r: Reply | undefined, valid: (body: Record<string, unknown>) => boolean): string | undefined {
    if (!r) this.requestErrors += 1;
    return checkPoetReply(this.snap, poet, r, valid, this.env.log);
  }

  private layer(): number {
    return layerAt(this.p.clock, this.env.now());
  }
}

