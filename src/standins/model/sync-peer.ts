// Sync over the network: asking a few peers for what this smesher missed, and answering peers that ask it.
import type { AtxStore } from "./atx.js";
import { epochOf, layerAt } from "./clock.js";
import type { SmesherSetup } from "./smesher-doc.js";
import { bestResponse, parseSyncResponse, type SyncMachine, type SyncResponse } from "./sync.js";
import type { Tortoise } from "./tortoise.js";
import { refuse, reply, type Env, type Reply } from "./transport.js";

/** Peers asked per attempt: enough to find a synced one, few enough not to flood a large network. */
const SYNC_FANOUT = 3;

export interface SyncParts {
  setup: SmesherSetup;
  env: Env;
  tortoise: Tortoise;
  atxs: AtxStore;
  sync: SyncMachine;
}

export class Fetcher {
  private fetching = false;
  private cursor = 0;
  stopped = false;
  errors = 0;

  constructor(private readonly parts: SyncParts) {}

  /** One attempt at a time; the answer of the best peer asked is taken, and sync moves to gossipSync. */
  fetch(): void {
    const { setup, env, tortoise, atxs, sync } = this.parts;
    const { peers, params: p } = setup;
    const layer = layerAt(p.clock, env.now());
    if (this.fetching || this.stopped) return;
    if (peers.length === 0) return sync.fetched(layer, tortoise.start !== null); // alone: nothing to catch up with
    const chosen = Array.from({ length: Math.min(SYNC_FANOUT, peers.length) }, (_, i) => peers[(this.cursor + i) % peers.length]!);
    this.cursor = (this.cursor + chosen.length) % peers.length;
    const req = { id: setup.id, from: tortoise.fetchFrom(), epoch: epochOf(layer, p.clock.layersPerEpoch) };
    this.fetching = true;
    void Promise.all(chosen.map((peer) => env.transport.request(peer, "/sync", req, p.clock.layerMs))).then((replies) => {
      this.fetching = false;
      if (this.stopped) return;
      const answers = replies.map((r) => (r?.status === 200 ? parseSyncResponse(r.body) : undefined)).filter((r) => r !== undefined);
      this.errors += replies.length - answers.length;
      const best = bestResponse(answers);
      if (!best) return env.log("sync-unreachable", { layer, asked: chosen.map((c) => c.id).join(",") });
      for (const atx of best.atxs) atxs.add(atx);
      atxs.noteFirst(best.firstAtxTarget);
      const added = tortoise.adopt(best.records, best.verified, best.start, sync.observedFrom);
      env.log("sync-fetched", { from: best.id, peerState: best.state, records: added, verified: tortoise.verified });
      sync.fetched(layerAt(p.clock, env.now()), tortoise.start !== null);
    });
  }
}

/** Whatever state this smesher is in, it tells what it knows: the asker prefers a synced peer's answer. */
export function answerSync(parts: SyncParts, state: SyncResponse["state"], lastLayer: number, body: unknown): Reply {
  const req = body as { from?: unknown; epoch?: unknown } | null;
  if (!Number.isInteger(req?.from) || !Number.isInteger(req?.epoch)) return refuse(422, "expected {id, from, epoch}");
  const res: SyncResponse = {
    id: parts.setup.id,
    state,
    lastLayer,
    verified: parts.tortoise.verified,
    start: parts.tortoise.start,
    firstAtxTarget: parts.atxs.firstTarget,
    records: parts.tortoise.recordsFrom(req!.from as number),
    atxs: parts.atxs.fromTarget(req!.epoch as number),
  };
  return reply(res);
}
