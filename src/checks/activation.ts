// activation: every smesher that stayed online through an epoch published its ATX for the next one. A smesher that
// restarted is judged again from the epoch after it was synced again: it could not register with a PoET before.
import type { Check, Evidence } from "./types.js";
import { standinEvents } from "./facts.js";
import { layerAt, timeOfLayer } from "../timeline/clock.js";

export const activationCheck: Check = (facts) => {
  const perEpoch = facts.clock.layersPerEpoch;
  const firstEpoch = Math.floor(layerAt(facts.clock, 0) / perEpoch) + 1;
  const lastEpoch = Math.floor(layerAt(facts.clock, facts.endT) / perEpoch) - 1;
  const evidence: Evidence[] = [];
  let expected = 0;
  let missing = 0;
  for (const member of facts.members.filter((m) => m.role === "smesher")) {
    const events = standinEvents(facts, member.name);
    for (let epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
      // The ATX published in epoch e needs a PoET proof from the round that registered in epoch e-1, so the
      // smesher must have been online from the start of e-1 (a smesher that joined later could not register).
      const from = timeOfLayer(facts.clock, (epoch - 1) * perEpoch);
      const to = timeOfLayer(facts.clock, (epoch + 1) * perEpoch);
      const during = events.filter((e) => e.t >= from && e.t < to);
      const before = events.filter((e) => e.t < from).pop();
      const synced = before?.reachable === true && (before.status.syncState === "synced" || before.status.syncState === null);
      const online = synced && during.every((e) => e.reachable);
      if (!online) continue;
      expected++;
      const published = events.some((e) => e.reachable && e.t <= to + facts.clock.layerMs && e.status.atxTargets.includes(epoch + 1));
      if (!published) {
        missing++;
        evidence.push({ subject: member.name, detail: `online through epochs ${epoch - 1}-${epoch} but no ATX for epoch ${epoch + 1}`, failing: true });
      }
    }
  }
  if (expected === 0) return { check: "activation", status: "n/a", value: "-", reason: "no smesher was synced and online through two whole epochs", evidence };
  return {
    check: "activation",
    status: missing === 0 ? "pass" : "fail",
    value: `${expected - missing}/${expected} ATXs`,
    reason: missing === 0 ? "every online smesher published its ATX" : `${missing} ATX(s) missing`,
    evidence,
  };
};
