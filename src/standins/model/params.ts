// The model's parameters: the profile's consensus values, plus the stand-in's own defaults for what it leaves out.
import type { NetworkClock, StandinConfig } from "../config.js";
import { isFraction, type Fraction } from "./fraction.js";

export interface ModelParams {
  clock: NetworkClock;
  hareThreshold: Fraction;
  tortoiseThreshold: Fraction;
  selfHealing: boolean;
  zdist: number;
  phaseShift: number;
  cycleGap: number;
  postInitLayers: number;
  /** Layers a smesher listens to gossip after fetching what it missed, before it votes. */
  syncGossipLayers: number;
  /** Layer ticks a process may miss (paused, starved) before it counts itself out of sync. */
  maxLagLayers: number;
  /** Share of a layer after which votes for it no longer count. */
  voteDeadline: Fraction;
  /** Layers between attempts to reach an unreachable PoET. */
  poetRetryLayers: number;
  /** PoET ticks per layer of execution: an ATX's weight is units x ticks. */
  ticksPerLayer: number;
}

export const MODEL_DEFAULTS = {
  hareThreshold: [1, 2] as Fraction,
  tortoiseThreshold: [1, 3] as Fraction,
  selfHealing: false,
  zdist: 2,
  phaseShift: 5,
  cycleGap: 3,
  postInitLayers: 3,
  syncGossipLayers: 2,
  maxLagLayers: 3,
  voteDeadline: [1, 2] as Fraction,
  poetRetryLayers: 1,
  ticksPerLayer: 100,
};

function count(value: unknown, fallback: number, min = 0): number {
  return Number.isInteger(value) && (value as number) >= min ? (value as number) : fallback;
}

/** Fields a profile did not set (older rebound, or keys the profile schema does not have yet) get the defaults. */
export function resolveParams(config: Pick<StandinConfig, "clock" | "consensus">): ModelParams {
  const c: Partial<StandinConfig["consensus"]> = config.consensus ?? {};
  const d = MODEL_DEFAULTS;
  return {
    clock: config.clock,
    hareThreshold: isFraction(c.hareThreshold) ? c.hareThreshold : d.hareThreshold,
    tortoiseThreshold: isFraction(c.tortoiseThreshold) ? c.tortoiseThreshold : d.tortoiseThreshold,
    selfHealing: c.selfHealing === true,
    zdist: count(c.zdist, d.zdist, 1),
    phaseShift: count(c.phaseShift, d.phaseShift),
    cycleGap: count(c.cycleGap, d.cycleGap),
    postInitLayers: count(c.postInitLayers, d.postInitLayers),
    syncGossipLayers: count(c.syncGossipLayers, d.syncGossipLayers),
    maxLagLayers: count(c.maxLagLayers, d.maxLagLayers, 1),
    voteDeadline: isFraction(c.voteDeadline) && c.voteDeadline[0] <= c.voteDeadline[1] ? c.voteDeadline : d.voteDeadline,
    poetRetryLayers: count(c.poetRetryLayers, d.poetRetryLayers, 1),
    ticksPerLayer: d.ticksPerLayer,
  };
}
