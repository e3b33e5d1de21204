// The shared network clock: layers and epochs computed from wall time alone, so a restart never counts from zero.
import type { NetworkClock } from "../config.js";

/** Injectable so tests drive time; production passes Date.now. */
export type Now = () => number;

/** Negative before genesis: the network has not started yet. */
export function layerAt(clock: NetworkClock, nowMs: number): number {
  return Math.floor((nowMs - clock.genesisMs) / clock.layerMs);
}

export function epochOf(layer: number, layersPerEpoch: number): number {
  return Math.floor(layer / layersPerEpoch);
}

export function layerStartMs(clock: NetworkClock, layer: number): number {
  return clock.genesisMs + layer * clock.layerMs;
}

export function isFirstLayerOfEpoch(layer: number, layersPerEpoch: number): boolean {
  return layer >= 0 && layer % layersPerEpoch === 0;
}

/** Delay to the start of the next layer; a small margin so the timer never lands just before the boundary. */
export function msToNextLayer(clock: NetworkClock, nowMs: number): number {
  return Math.max(0, layerStartMs(clock, layerAt(clock, nowMs) + 1) - nowMs) + 2;
}
