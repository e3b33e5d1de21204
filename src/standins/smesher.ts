// The smesher stand-in: PoST initialisation, one vote per layer to every peer, and per-layer Hare bookkeeping.
import { Agent } from "node:http";
import { epochOf, layerAt } from "./clock.js";
import { postJson } from "./http.js";
import { baseStatus, everyLayer, loadState, newKey, persist, type Context, type Standin } from "./runtime.js";
import { acceptVote, advanceVerified, genesisWeight, layerOutcome, pruneVotes, type VoteBox } from "./simple-model.js";
import { POST_MARKER, postInitNeeded, pushBounded, startSmesherState, HISTORY_LIMIT, type PostMarker, type SmesherState } from "./state.js";
import { HARE_WINDOW, type SmesherPhase, type StandinStatus } from "./status.js";

const REGISTRATIONS_LIMIT = 50;

export function createSmesher(ctx: Context): Standin {
  const { config, store, log, now } = ctx;
  const layerMs = config.clock.layerMs;
  const started = startSmesherState(loadState<SmesherState>(ctx, "smesher"), config, now(), newKey);
  const state = started.state;
  for (const [event, fields] of started.events) log(event, fields);

  let phase: SmesherPhase = "syncing";
  let syncFrom = layerAt(config.clock, now());
  let postInitDone = !postInitNeeded(store.readJson<PostMarker>(POST_MARKER).value, state.identity);
  if (!postInitDone) {
    phase = "initialising";
    state.postInits += 1;
    log("post-init-start", { postInits: state.postInits, layers: config.consensus.postInitLayers });
  }
  persist(ctx, state); // before serving: a start is on disk before anyone can observe it

  // First cut: the epoch's weight is the genesis set's; issue 3 derives it from the ATXs.
  const weight = genesisWeight(config.genesisSet);
  const votes: VoteBox = new Map();
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  let votedLayer: number | null = null;
  let registeredEpoch = -1;
  let peersReachable = 0;
  let loggedReachable = -1; // so the first round is logged even when nobody answers
  let requestErrors = 0;
  const timers: (() => void)[] = [];

  function finishPostInit(): void {
    try {
      store.writeJson(POST_MARKER, { id: config.id, key: state.identity.key, at: new Date(now()).toISOString() });
    } catch (err) {
      const message = `post marker: ${(err as Error).message}`;
      state.lastError = { at: new Date(now()).toISOString(), message };
      log("error", { message });
      const t = setTimeout(finishPostInit, layerMs);
      timers.push(() => clearTimeout(t));
      return;
    }
    postInitDone = true;
    phase = "syncing";
    syncFrom = layerAt(config.clock, now());
    log("post-init-done", { postInits: state.postInits });
  }

  function evaluate(layer: number): void {
    const record = layerOutcome(layer, votes.get(layer) ?? new Map(), weight, config.consensus.hareThreshold);
    state.history = pushBounded(state.history, record, HISTORY_LIMIT);
    Object.assign(state, advanceVerified(state, record));
    log("layer", { layer, outcome: record.outcome, weight: record.weight, total: record.totalWeight, verified: state.verifiedLayer });
    if (state.stalledAt === layer) log("verification-stalled", { at: layer });
  }

  function sendVotes(layer: number): void {
    const vote = { id: config.id, units: state.units, layer };
    acceptVote(votes, vote, layer, weight);
    const sent = config.peers.map((p) => postJson(agent, p.address, "/vote", vote, layerMs / 2));
    void Promise.allSettled(sent).then((results) => {
      const ok = results.filter((r) => r.status === "fulfilled" && r.value < 300).length;
      requestErrors += results.length - ok;
      if (ok !== loggedReachable) log("peers-reachable", { layer, reachable: ok, total: config.peers.length });
      peersReachable = loggedReachable = ok;
    });
  }

  function register(epoch: number): void {
    registeredEpoch = epoch;
    for (const poet of config.poets) {
      postJson(agent, poet.address, "/register", { id: config.id, epoch }, layerMs / 2).then(
        (code) => recordRegistration(epoch, poet.id, code < 300, `HTTP ${code}`),
        (err: Error) => recordRegistration(epoch, poet.id, false, err.message),
      );
    }
  }

  function recordRegistration(epoch: number, poet: string, ok: boolean, detail: string): void {
    if (!ok) requestErrors += 1;
    const entry = { epoch, poet, ok, at: new Date(now()).toISOString() };
    state.poetRegistrations = pushBounded(state.poetRegistrations, entry, REGISTRATIONS_LIMIT);
    log("poet-register", { epoch, poet, ok, detail });
  }

  function onLayer(layer: number): void {
    if (layer < 0) return; // before genesis there is nothing to do
    if (votedLayer !== null && votedLayer < layer) evaluate(votedLayer);
    votedLayer = null;
    pruneVotes(votes, layer);
    // A process that starts mid-layer missed part of its votes: it takes part from the next full layer.
    if (phase === "syncing" && layer > syncFrom) {
      phase = "synced";
      log("synced", { layer });
    }
    if (phase === "synced") {
      sendVotes(layer);
      votedLayer = layer;
      const epoch = epochOf(layer, config.clock.layersPerEpoch);
      if (epoch > registeredEpoch && config.poets.length > 0) register(epoch);
    }
    state.lastLayer = layer;
    persist(ctx, state);
  }

  return {
    routes: {
      "POST /vote": (body) => {
        const error = acceptVote(votes, body, layerAt(config.clock, now()), weight);
        return error ? { status: 422, body: { error } } : { status: 200, body: { ok: true } };
      },
    },
    start() {
      if (!postInitDone) {
        const t = setTimeout(finishPostInit, config.consensus.postInitLayers * layerMs);
        timers.push(() => clearTimeout(t));
      }
      timers.push(everyLayer(ctx, onLayer));
    },
    stop() {
      for (const stop of timers) stop();
      agent.destroy();
      return persist(ctx, state);
    },
    status(): StandinStatus {
      const s = baseStatus(ctx, state);
      return {
        ...s,
        units: state.units,
        phase,
        postInits: state.postInits,
        postInitDone,
        verifiedLayer: state.verifiedLayer,
        lastLayer: state.lastLayer,
        resumedFromLayer: state.resumedFromLayer,
        hare: state.history.slice(-HARE_WINDOW).map(({ layer, outcome, weight, totalWeight }) => ({ layer, outcome, weight, totalWeight })),
        epochWeight: { epoch: s.currentEpoch, total: weight.total, activeSet: weight.activeSet },
        peersReachable,
        peersTotal: config.peers.length,
        requestErrors,
        atxs: state.atxs,
        poetRegistrations: state.poetRegistrations,
      };
    },
  };
}
