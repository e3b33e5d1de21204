// A run's clock: t is milliseconds since the run started; layers come from the network's genesis and layer
// length, with the same arithmetic the stand-ins use (src/standins/model/clock.ts), so both agree on a layer.
import { layerAt as networkLayerAt, layerStartMs } from "../standins/model/clock.js";

export interface RunClock {
  /** Wall time of t = 0. */
  runStartWallMs: number;
  genesisMs: number;
  layerMs: number;
  layersPerEpoch: number;
}

/** The network's layer at run time t. */
export const layerAt = (clock: RunClock, t: number) => networkLayerAt(clock, clock.runStartWallMs + t);

/** Run time at which `layer` begins (negative when it began before the run). */
export const timeOfLayer = (clock: RunClock, layer: number) => layerStartMs(clock, layer) - clock.runStartWallMs;
