// What both roles share at run time: the Standin interface main drives, the layer ticker, and state persistence.
import { randomBytes } from "node:crypto";
import type { StandinConfig } from "./config.js";
import { epochOf, layerAt, msToNextLayer, type Now } from "./clock.js";
import type { Routes } from "./http.js";
import type { Logger } from "./log.js";
import type { PoetState, SmesherState } from "./state.js";
import { STATE_FILE } from "./state.js";
import type { StandinStatus } from "./status.js";
import type { Store } from "./store.js";

export interface Standin {
  status(): StandinStatus;
  /** Role-specific endpoints, merged with /healthz, /status and /metrics. */
  routes: Routes;
  /** Begins the per-layer work; called once the server is up. */
  start(): void;
  /** Stops timers and writes state synchronously, so it is safe in a signal handler; false if the write failed. */
  stop(): boolean;
}

export interface Context {
  config: StandinConfig;
  store: Store;
  log: Logger;
  now: Now;
}

export function newKey(): string {
  return randomBytes(32).toString("hex");
}

/** A state file of the other role is ignored, not trusted: the data directory was mixed up. */
export function loadState<S extends SmesherState | PoetState>(ctx: Context, role: S["role"]): S | undefined {
  const { value, corrupt } = ctx.store.readJson<S>(STATE_FILE);
  if (corrupt) ctx.log("state-corrupt", { detail: corrupt });
  if (value && value.role !== role) ctx.log("state-ignored", { reason: `role ${value.role}` });
  return value?.role === role ? value : undefined;
}

/** Never throws: a failed write is reported in lastError and retried at the next layer. */
export function persist(ctx: Context, state: SmesherState | PoetState): boolean {
  try {
    ctx.store.writeJson(STATE_FILE, state);
    return true;
  } catch (err) {
    const message = `persist: ${(err as Error).message}`;
    state.lastError = { at: new Date(ctx.now()).toISOString(), message };
    ctx.log("error", { message });
    return false;
  }
}

/** Calls onLayer once per layer, the first time immediately; the delay is recomputed from the clock, so no drift. */
export function everyLayer(ctx: Context, onLayer: (layer: number) => void): () => void {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    const layer = layerAt(ctx.config.clock, ctx.now());
    if (layer > last) {
      last = layer;
      try {
        onLayer(layer);
      } catch (err) {
        ctx.log("error", { message: `layer ${layer}: ${(err as Error).message}` });
      }
    }
    timer = setTimeout(fire, msToNextLayer(ctx.config.clock, ctx.now()));
  };
  fire();
  return () => clearTimeout(timer);
}

/** The fields every role reports the same way; roles override the rest. */
export function baseStatus(ctx: Context, state: SmesherState | PoetState): StandinStatus {
  const currentLayer = layerAt(ctx.config.clock, ctx.now());
  const mismatch = state.identityMismatch;
  return {
    role: state.role,
    id: ctx.config.id,
    key: state.identity.key,
    units: 0,
    starts: state.starts,
    startedAt: state.startedAt,
    identityCreatedAt: state.identity.createdAt,
    identityMismatch: mismatch ? { persisted: mismatch.persisted, configured: mismatch.configured } : null,
    phase: "serving",
    postInits: 0,
    postInitDone: false,
    currentLayer,
    currentEpoch: epochOf(currentLayer, ctx.config.clock.layersPerEpoch),
    verifiedLayer: -1,
    lastLayer: -1,
    resumedFromLayer: -1,
    hare: [],
    epochWeight: { epoch: epochOf(currentLayer, ctx.config.clock.layersPerEpoch), total: 0, activeSet: 0 },
    peersReachable: 0,
    peersTotal: 0,
    requestErrors: 0,
    atxs: [],
    poetRegistrations: [],
    rounds: [],
    lastError: state.lastError,
  };
}
