// PoET round timing: the round serving publish epoch p runs from epoch p-1 + phaseShift to epoch p + phaseShift - cycleGap.
import { layerAt, layerStartMs } from "./clock.js";
import type { ModelParams } from "./params.js";

/** Rounds are numbered by the epoch whose ATXs they serve; the first is 1 (epoch 0 has nothing to publish). */
export function roundStartLayer(p: ModelParams, round: number): number {
  return (round - 1) * p.clock.layersPerEpoch + p.phaseShift;
}

export function roundEndLayer(p: ModelParams, round: number): number {
  return round * p.clock.layersPerEpoch + p.phaseShift - p.cycleGap;
}

export function roundStartMs(p: ModelParams, round: number): number {
  return layerStartMs(p.clock, roundStartLayer(p, round));
}

export function roundEndMs(p: ModelParams, round: number): number {
  return layerStartMs(p.clock, roundEndLayer(p, round));
}

/** The round taking registrations now: the next one to start. Registration closes when it starts. */
export function openRound(p: ModelParams, nowMs: number): number {
  return openRoundAt(p, layerAt(p.clock, nowMs));
}

export function openRoundAt(p: Pick<ModelParams, "clock" | "phaseShift">, layer: number): number {
  return Math.max(1, Math.floor((layer - p.phaseShift) / p.clock.layersPerEpoch) + 2);
}

/** The epoch the ATXs of the round registering at `layer` target: the first epoch that can lack them. */
export const atxTargetOfLayer = (p: Pick<ModelParams, "clock" | "phaseShift">, layer: number): number => openRoundAt(p, layer) + 1;

/**
 * A smesher waiting for round r-1's proof registers for round r once r-1 has ended (the cycle gap, as go-spacemesh
 * does after publishing); with no gap it still gets the layer before the start. Anyone else registers at once.
 */
export function registrationOpensLayer(p: ModelParams, round: number): number {
  return Math.min(roundEndLayer(p, round - 1), roundStartLayer(p, round) - 1);
}

/** Ticks grow with the time the PoET actually executed: downtime inside the round is lost work. */
export function ticksFor(p: ModelParams, executedMs: number): number {
  return Math.floor((executedMs * p.ticksPerLayer) / p.clock.layerMs);
}

export function fullRoundTicks(p: ModelParams): number {
  return ticksFor(p, (p.clock.layersPerEpoch - p.cycleGap) * p.clock.layerMs);
}
