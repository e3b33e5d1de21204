// poet-availability: in every PoET registration window of the run, at least one PoET answered.
import type { Check, Evidence } from "./types.js";
import { standinEvents } from "./facts.js";
import { layerAt, timeOfLayer } from "../timeline/clock.js";

export const poetAvailabilityCheck: Check = (facts) => {
  const poets = facts.members.filter((m) => m.role === "poet");
  const perEpoch = facts.clock.layersPerEpoch;
  const phaseShift = facts.profile.network.phaseShift;
  const evidence: Evidence[] = [];
  if (poets.length === 0) return { check: "poet-availability", status: "n/a", value: "-", reason: "the profile has no PoET", evidence };
  const firstEpoch = Math.floor(layerAt(facts.clock, 0) / perEpoch) + 1;
  let windows = 0;
  let dark = 0;
  for (let epoch = firstEpoch; ; epoch++) {
    // Registration for the round that starts at epoch start + phaseShift closes when the round starts.
    const from = timeOfLayer(facts.clock, epoch * perEpoch);
    const to = timeOfLayer(facts.clock, epoch * perEpoch + phaseShift);
    if (to > facts.endT) break;
    windows++;
    const reachable = poets.filter((poet) => {
      const events = standinEvents(facts, poet.name);
      const before = events.filter((e) => e.t < from).pop();
      return before?.reachable === true || events.some((e) => e.t >= from && e.t < to && e.reachable);
    });
    if (reachable.length === 0) {
      dark++;
      evidence.push({ subject: `epoch ${epoch}`, t: from, detail: "no PoET reachable during the registration window" });
    } else {
      evidence.push({ subject: `epoch ${epoch}`, t: from, detail: `reachable: ${reachable.map((p) => p.name).join(", ")}` });
    }
  }
  if (windows === 0) return { check: "poet-availability", status: "n/a", value: "-", reason: "no registration window fell inside the run", evidence };
  return {
    check: "poet-availability",
    status: dark === 0 ? "pass" : "fail",
    value: `${windows - dark}/${windows} windows`,
    reason: dark === 0 ? "a PoET was reachable in every registration window" : `${dark} registration window(s) without a reachable PoET`,
    evidence,
  };
};
