// Where a workload keeps its data decides which faults it survives: restart, recreate, removal.
import { finding } from "./catalog.js";
import type { Finding } from "./finding.js";
import { volumeFix } from "./fixes.js";
import type { RuleFamily } from "./subjects.js";
import type { Workload } from "./workload.js";

function checkState(w: Workload): Finding[] {
  const evidence = [w.state.evidence];
  const fix = volumeFix(w.target, w.dataPath);
  switch (w.state.value) {
    case "container-fs":
      return [finding("state-in-container-fs", w.object, "its data lives in the container's own filesystem: it survives a restart but not a recreate (compose up after a change, docker rm + run)", evidence, fix)];
    case "tmpfs":
      return [finding("state-in-tmpfs", w.object, "its data lives on tmpfs: every restart, even a clean one, starts it from nothing", evidence, fix)];
    case "anonymous-volume":
      return [finding("state-in-anonymous-volume", w.object, "its data lives on an anonymous volume: it survives restarts, but a removed and re-created container gets a new, empty one", evidence, fix)];
    default:
      return [];
  }
}

export const stateRules: RuleFamily<"workload"> = {
  kind: "workload",
  rules: ["state-in-container-fs", "state-in-tmpfs", "state-in-anonymous-volume"],
  check: (subject) => checkState(subject.workload),
};
