// The PoET stand-in: one round per epoch, taking registrations while it is open, persisted across restarts.
import { epochOf, layerAt } from "./clock.js";
import { baseStatus, everyLayer, loadState, newKey, persist, type Context, type Standin } from "./runtime.js";
import { ROUNDS_LIMIT, startPoetState, type PoetRound, type PoetState } from "./state.js";
import type { StandinStatus } from "./status.js";

export function createPoet(ctx: Context): Standin {
  const { config, log, now } = ctx;
  const started = startPoetState(loadState<PoetState>(ctx, "poet"), config, now(), newKey);
  const state = started.state;
  for (const [event, fields] of started.events) log(event, fields);
  persist(ctx, state); // before serving: a start is on disk before anyone can observe it
  let stopTicker = () => {};

  /** First cut: the round of epoch e is open during e and done after it; issue 3 adds the executing phase. */
  function currentRound(epoch: number): PoetRound {
    let changed = false;
    for (const [key, round] of Object.entries(state.rounds)) {
      if (Number(key) < epoch && round.state === "open") {
        round.state = "done";
        changed = true;
        log("round-done", { epoch: Number(key), registrations: round.registrations.length });
      }
    }
    let round = state.rounds[String(epoch)];
    if (!round) {
      round = state.rounds[String(epoch)] = { state: "open", registrations: [] };
      changed = true;
      log("round-open", { epoch });
      const keys = Object.keys(state.rounds).map(Number).sort((a, b) => a - b);
      for (const old of keys.slice(0, Math.max(0, keys.length - ROUNDS_LIMIT))) delete state.rounds[String(old)];
    }
    if (changed) persist(ctx, state);
    return round;
  }

  return {
    routes: {
      "POST /register": (body) => {
        const req = body as { id?: unknown; epoch?: unknown } | undefined;
        if (typeof req?.id !== "string" || req.id === "") return { status: 422, body: { error: "expected {id, epoch}" } };
        const epoch = epochOf(layerAt(config.clock, now()), config.clock.layersPerEpoch);
        if (epoch < 0) return { status: 409, body: { error: "the network has not reached genesis" } };
        const round = currentRound(epoch);
        if (!round.registrations.includes(req.id)) {
          round.registrations.push(req.id);
          persist(ctx, state);
          log("registered", { id: req.id, round: epoch, asked: typeof req.epoch === "number" ? req.epoch : null });
        }
        return { status: 200, body: { round: epoch, registered: true } };
      },
    },
    start() {
      stopTicker = everyLayer(ctx, (layer) => {
        if (layer >= 0) currentRound(epochOf(layer, config.clock.layersPerEpoch));
      });
    },
    stop() {
      stopTicker();
      return persist(ctx, state);
    },
    status(): StandinStatus {
      const rounds = Object.entries(state.rounds)
        .map(([epoch, r]) => ({ epoch: Number(epoch), state: r.state, registrations: [...r.registrations] }))
        .sort((a, b) => a.epoch - b.epoch);
      return { ...baseStatus(ctx, state), rounds };
    },
  };
}
