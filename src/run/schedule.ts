// Pure: when each fault of the method fires, in ms since the run started, repetitions expanded.
import { timeOfLayer, type RunClock } from "../timeline/clock.js";
import type { FaultSpec } from "../profile/schema.js";

export interface ScheduledFault {
  id: string;
  spec: FaultSpec;
  atT: number;
  /** Set when the requested moment had already passed when the method started. */
  late?: string;
}

export function scheduleFaults(method: FaultSpec[], clock: RunClock, methodStartT: number, phaseShift: number): ScheduledFault[] {
  const scheduled: ScheduledFault[] = [];
  method.forEach((spec, index) => {
    let atT: number;
    let wanted: string;
    if (spec.at.layer !== undefined) {
      atT = timeOfLayer(clock, spec.at.layer);
      wanted = `layer ${spec.at.layer}`;
    } else if (spec.at.registrationWindow !== undefined) {
      // One layer into the window, well before registration closes at the round start (epoch + phaseShift).
      const epochStart = spec.at.registrationWindow * clock.layersPerEpoch;
      atT = timeOfLayer(clock, epochStart + Math.min(1, Math.max(0, phaseShift - 1)));
      wanted = `epoch ${spec.at.registrationWindow}'s registration window`;
    } else {
      atT = methodStartT + (spec.at.after ?? 0) * 1000;
      wanted = "";
    }
    const count = spec.repeat?.count ?? 1;
    for (let k = 0; k < count; k++) {
      const t = atT + k * (spec.repeat?.every ?? 0) * 1000;
      const late = t < methodStartT && wanted ? `${wanted} had passed when the steady state was reached` : undefined;
      scheduled.push({ id: `f${index + 1}${count > 1 ? `.${k + 1}` : ""}`, spec, atT: Math.max(t, methodStartT), late });
    }
  });
  return scheduled.sort((a, b) => a.atT - b.atT);
}
