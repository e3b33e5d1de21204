// Pure: how far a run must observe after its faults. A fault that keeps smeshers or PoETs from an ATX round only
// shows when the epoch those ATXs target begins (it then has no weight), up to two epochs later: an end window that
// stops before then would pass a run whose halt was still to come.
import { layerAt, type RunClock } from "../timeline/clock.js";
import { atxTargetOfLayer } from "../standins/model/rounds.js";

export interface EndWindow {
  endLayer: number;
  /** Set when the ATX horizon, not end.afterLayers, decided the end. */
  extendedFor?: string;
}

export function endWindow(clock: RunClock, phaseShift: number, lastFaultT: number, afterLayers: number): EndWindow {
  const faultLayer = layerAt(clock, lastFaultT);
  const asked = faultLayer + 1 + afterLayers;
  const targetEpoch = atxTargetOfLayer({ clock, phaseShift }, faultLayer);
  // Its first layer must be evaluated and observed: a layer's Hare ends within the next one.
  const horizon = targetEpoch * clock.layersPerEpoch + 2;
  if (horizon <= asked) return { endLayer: asked };
  return {
    endLayer: horizon,
    extendedFor: `observing ${horizon - asked} layer(s) past end.afterLayers (${afterLayers}): ATXs the last fault (layer ${faultLayer}, epoch ${Math.floor(faultLayer / clock.layersPerEpoch)}) kept from being published would first be missed in epoch ${targetEpoch}, from layer ${targetEpoch * clock.layersPerEpoch}`,
  };
}
