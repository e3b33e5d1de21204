// containment: nothing outside the experiment's labels changed state on the experiment's daemons.
import type { Check } from "./types.js";

const STATE_CHANGES = new Set(["start", "die", "kill", "stop", "pause", "unpause", "destroy", "restart", "oom"]);

export const containmentCheck: Check = (facts) => {
  const touched = facts.timeline.filter((e) => e.kind === "docker" && !e.managed && STATE_CHANGES.has(e.action));
  return {
    check: "containment",
    status: touched.length === 0 ? "pass" : "fail",
    value: `${touched.length} foreign event(s)`,
    reason: touched.length === 0 ? "only the experiment's containers changed state" : "containers outside the experiment changed state",
    evidence: touched.map((e) => ({ subject: e.kind === "docker" ? e.container : "?", t: e.t, detail: e.kind === "docker" ? e.action : "", failing: true as const })),
  };
};
