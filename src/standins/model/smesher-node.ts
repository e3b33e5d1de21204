// A smesher: PoST, sync, one Hare vote per layer, Tortoise, and activation, driven by layer ticks and peer messages.
import { Activation, type Self } from "./activation.js";
import { AtxStore } from "./atx.js";
import { writeOrNote } from "./base-status.js";
import { epochOf, isFirstLayerOfEpoch, layerAt } from "./clock.js";
import { Gossip } from "./gossip.js";
import { voteDeadlineMs, VoteBox, type Vote } from "./hare.js";
import { restoreSmesher, type SmesherDoc, type SmesherSetup } from "./smesher-doc.js";
import { SyncMachine } from "./sync.js";
import { answerSync, Fetcher } from "./sync-peer.js";
import { Tortoise } from "./tortoise.js";
import { refuse, type Env, type MessagePath, type Reply } from "./transport.js";
import { genesisSet, Weights } from "./weight.js";

export class SmesherNode {
  readonly doc: SmesherDoc;
  readonly atxs: AtxStore;
  readonly tortoise: Tortoise;
  readonly weights: Weights;
  readonly votes = new VoteBox();
  readonly sync: SyncMachine;
  readonly activation: Activation;
  private initEndsAt: number | null;
  private lastTick: number | undefined;
  private evaluatedThrough = -1;
  private readonly fetcher: Fetcher;
  readonly gossip: Gossip;
  private stopped = false;
  onlineWeight = 0;
  /** The last layer whose state is on disk: what /status reports, so rebound never sees progress a kill can take. */
  durableLastLayer: number;

  constructor(readonly setup: SmesherSetup, private readonly env: Env) {
    const p = setup.params;
    const restored = restoreSmesher(setup, env);
    this.doc = restored.doc;
    this.durableLastLayer = this.doc.lastLayer;
    this.initEndsAt = restored.initRemainingMs === null ? null : env.now() + restored.initRemainingMs;
    this.atxs = new AtxStore(this.doc.atxs, this.doc.firstAtxTarget);
    this.tortoise = new Tortoise(p, this.doc.tortoise ?? undefined);
    this.weights = new Weights(p, genesisSet(setup.genesis), this.atxs, () => this.tortoise.start);
    this.sync = new SyncMachine(p.syncGossipLayers, env.log);
    this.gossip = new Gossip(setup, env, this.votes, this.atxs, this.weights, (start) => this.tortoise.hearStart(start));
    this.fetcher = new Fetcher({ setup, env, tortoise: this.tortoise, atxs: this.atxs, sync: this.sync });
    this.activation = new Activation(p, setup.poets, env, this.atxs, this.doc.activation, () => this.persist(), (atx) => this.gossip.atx(atx));
    this.persist(); // a start is on disk before anyone can observe it
  }

  get self(): Self {
    return { id: this.setup.id, key: this.doc.identity.key, units: this.doc.units };
  }

  get initialising(): boolean {
    return this.initEndsAt !== null;
  }

  initRemainingMs(): number | null {
    return this.initEndsAt === null ? null : Math.max(0, this.initEndsAt - this.env.now());
  }

  /** Any time: PoST initialisation finishing, outcomes whose vote deadline passed, the first fetch. */
  poll(): void {
    if (this.stopped || !this.postReady(this.env.now())) return;
    this.advance(this.env.now());
    if (this.sync.state === "notSynced") this.fetcher.fetch();
  }

  /** Once per layer, just after it starts. */
  tick(): void {
    const now = this.env.now();
    const p = this.setup.params;
    const layer = layerAt(p.clock, now);
    if (this.stopped || layer < 0 || (this.lastTick !== undefined && layer <= this.lastTick)) return;
    const lagged = this.lastTick !== undefined && layer - this.lastTick > p.maxLagLayers;
    this.lastTick = layer;
    this.doc.lastLayer = layer;
    if (!this.postReady(now)) return void this.persist();
    const change = this.sync.onLayer(layer, lagged);
    this.advance(now);
    if (change === "synced") {
      const gap = this.tortoise.fillMissing(this.sync.observedFrom - 1);
      if (gap > 0) this.env.log("gap", { layers: gap, reason: "no peer had an outcome for them" });
    }
    if (this.sync.state === "synced") this.vote(layer, now);
    else this.fetcher.fetch();
    this.activation.duties(layer, this.self);
    this.votes.prune(layer - 1);
    if (isFirstLayerOfEpoch(layer, p.clock.layersPerEpoch)) this.atxs.prune(epochOf(layer, p.clock.layersPerEpoch) - 1);
    this.persist();
  }

  handle(path: MessagePath, body: unknown): Reply {
    if (this.stopped) return refuse(503, "stopping");
    if (path === "/vote") return this.gossip.receiveVote(body, !this.initialising);
    if (path === "/atx") return this.gossip.receiveAtx(body);
    if (path === "/sync") {
      this.advance(this.env.now());
      const parts = { setup: this.setup, env: this.env, tortoise: this.tortoise, atxs: this.atxs, sync: this.sync };
      return answerSync(parts, this.initialising ? "notSynced" : this.sync.state, this.evaluatedThrough, body);
    }
    return refuse(404, `no ${path} on a smesher`);
  }

  stop(): boolean {
    this.stopped = true;
    this.activation.stopped = true;
    this.fetcher.stopped = true;
    return this.persist();
  }

  persist(): boolean {
    this.doc.tortoise = this.tortoise.snapshot();
    this.doc.atxs = this.atxs.all();
    this.doc.firstAtxTarget = this.atxs.firstTarget;
    const layer = this.doc.lastLayer;
    const written = (error: string | null) => {
      if (error === null) this.durableLastLayer = Math.max(this.durableLastLayer, layer);
      else writeOrNote(this.doc, this.env.now(), "persist", error);
    };
    return writeOrNote(this.doc, this.env.now(), "persist", this.env.disk.write("state", this.doc, written));
  }

  /** Failed vote, gossip, sync and PoET requests since this process started. */
  get requestErrors(): number {
    return this.gossip.errors + this.fetcher.errors + this.activation.requestErrors;
  }

  myWeight(epoch: number): number {
    return this.weights.voter(epoch, this.setup.id, this.doc.identity.key);
  }

  /** false while PoST is initialising; the marker is written once, when it is done. */
  private postReady(now: number): boolean {
    if (this.initEndsAt === null) return true;
    const totalMs = this.setup.params.postInitLayers * this.setup.params.clock.layerMs;
    if (this.doc.postInit) this.doc.postInit.doneMs = Math.min(totalMs, totalMs - (this.initEndsAt - now));
    if (now < this.initEndsAt) return false;
    const marker = { id: this.setup.id, key: this.doc.identity.key, at: new Date(now).toISOString() };
    if (!writeOrNote(this.doc, now, "post marker", this.env.disk.write("marker", marker))) return false;
    this.initEndsAt = null;
    this.doc.postInit = null;
    this.env.log("post-init-done", { postInits: this.doc.postInits });
    return true;
  }

  /** Evaluates every layer watched from its start whose vote deadline has passed. */
  private advance(now: number): void {
    const p = this.setup.params;
    for (let layer = Math.max(this.evaluatedThrough + 1, this.sync.observedFrom); voteDeadlineMs(p, layer) <= now; layer++) {
      const weight = this.weights.epoch(epochOf(layer, p.clock.layersPerEpoch));
      const record = this.votes.evaluate(layer, weight.total, p.hareThreshold);
      this.evaluatedThrough = layer;
      this.onlineWeight = record.weight;
      const healed = this.tortoise.record(record);
      this.env.log("layer", { layer, outcome: record.outcome, weight: record.weight, total: record.total, verified: this.tortoise.verified });
      if (healed.length > 0) this.env.log("healed", { from: healed[0]!.layer, to: healed.at(-1)!.layer, verified: this.tortoise.verified });
    }
  }

  /** Only an active smesher votes: one with weight in the epoch (genesis units, or an ATX targeting it). */
  private vote(layer: number, now: number): void {
    const epoch = epochOf(layer, this.setup.params.clock.layersPerEpoch);
    const weight = this.myWeight(epoch);
    if (weight === 0) return;
    const atx = this.atxs.get(epoch, this.setup.id, this.doc.identity.key);
    const start = this.tortoise.start;
    const vote: Vote = { id: this.setup.id, key: this.doc.identity.key, layer, weight, ...(atx ? { atx } : {}), ...(start === null ? {} : { start }) };
    this.gossip.vote(vote, now);
  }
}
