// poet-availability: in every PoET registration window of the run, at least one PoET answered inside the window.
// An answer from before the window opened is not evidence: the PoET may have gone down just as it opened.
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
    // A round with no phase shift closes as it opens: judge the first layer of the epoch instead of an empty window.
    const to = timeOfLayer(facts.clock, epoch * perEpoch + Math.max(phaseShift, 1));
    if (to > facts.endT) break;
    windows++;
    const reachable = poets.filter((poet) => standinEvents(facts, poet.name).some((e) => e.t >= from && e.t < to && e.reachable));
    if (reachable.length === 0) {
      dark++;
      evidence.push({ subject: `epoch ${epoch}`, t: from, detail: "no PoET answered during the registration window", failing: true });
    } else {
      evidence.push({ subject: `epoch ${epoch}`, t: from, detail: `reachable: ${reachable.map((p) => p.name).join(", ")}` });
    }
  }
  if (windows === 0) return { check: "poet-availability", status: "n/a", value: "-", reason: "no registration window fell inside the run", evidence };
  return {
    check: "poet-availability",
    status: dark === 0 ? "pass" : "fail",
    value: `${windows - dark}/${windows} windows`,
    reason: dark === 0 ? "a PoET answered in every registration window" : `${dark} registration window(s) without a PoET answering`,
    // The windows without a PoET first: they are what failed.
    evidence,
  };
};
