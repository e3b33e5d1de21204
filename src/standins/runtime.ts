// What both roles share at run time: the Standin interface main drives, the layer ticker, and the model's environment.
import { randomBytes } from "node:crypto";
import type { StandinConfig } from "./config.js";
import type { Routes } from "./http.js";
import type { Logger } from "./log.js";
import { layerAt, layerStartMs, msToNextLayer, type Now } from "./model/clock.js";
import type { Env, MessagePath, Reply, Transport } from "./model/transport.js";
import { fileDisk } from "./state.js";
import type { SlowLayers, StandinStatus } from "./status.js";
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
  /** What everyLayer found late, for /status. */
  slow: SlowLayers;
}

const RECENT_SLOW = 5;

export function noSlowLayers(): SlowLayers {
  return { count: 0, worstMs: 0, recent: [] };
}

export function newKey(): string {
  return randomBytes(32).toString("hex");
}

export function modelEnv(ctx: Context, transport: Transport): Env {
  const disk = fileDisk(ctx.store, (detail) => ctx.log("state-corrupt", { detail }));
  return { now: ctx.now, transport, disk, log: ctx.log, newKey };
}

/** A model message handler as an HTTP route. */
export function route(handle: (path: MessagePath, body: unknown) => Reply, path: MessagePath): Routes[string] {
  return (body) => {
    const r = handle(path, body);
    return { status: r.status, body: (r.body ?? {}) as object };
  };
}

/** Calls onLayer once per layer, the first time immediately; the delay is recomputed from the clock, so no drift. */
export function everyLayer(ctx: Pick<Context, "config" | "now" | "log" | "slow">, onLayer: (layer: number) => void): () => void {
  let last = Number.NEGATIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    const layer = layerAt(ctx.config.clock, ctx.now());
    if (layer > last) {
      last = layer;
      const began = ctx.now();
      try {
        onLayer(layer);
      } catch (err) {
        ctx.log("error", { message: `layer ${layer}: ${(err as Error).message}` });
      }
      // A layer's work that starts or runs late eats into the vote window: in the log, a failed layer's cause shows.
      const lateMs = began - layerStartMs(ctx.config.clock, layer);
      const tookMs = ctx.now() - began;
      if (lateMs + tookMs > ctx.config.clock.layerMs / 4) {
        ctx.log("slow-layer", { layer, lateMs, tookMs });
        ctx.slow.count += 1;
        ctx.slow.worstMs = Math.max(ctx.slow.worstMs, lateMs + tookMs);
        ctx.slow.recent = [...ctx.slow.recent, { layer, lateMs, tookMs }].slice(-RECENT_SLOW);
      }
    }
    timer = setTimeout(fire, msToNextLayer(ctx.config.clock, ctx.now()));
  };
  fire();
  return () => clearTimeout(timer);
}
