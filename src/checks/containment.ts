// containment: rebound touched nothing that is not the experiment's. On a shared engine the user's containers
// are watched too: one that a daemon fault took down must have come back (its own restart policy decides, and that
// policy is part of the finding), and none may change state while no daemon fault is on its host.
import { hitsWholeHost } from "../faults/catalog.js";
import type { TimelineEvent } from "../timeline/events.js";
import type { Check, Evidence } from "./types.js";

const STATE_CHANGES = new Set(["start", "die", "kill", "stop", "pause", "unpause", "destroy", "restart", "oom"]);

type Foreign = Extract<TimelineEvent, { kind: "foreign" }>;

export const containmentCheck: Check = (facts) => {
  const daemonFaults = facts.faults.filter((f) => hitsWholeHost(f.kind));
  const snapshots = facts.timeline.filter((e): e is Foreign => e.kind === "foreign");
  // A daemon fault's reach lasts until the next snapshot of its host after it began (the next fault's, or the end).
  const reachEnd = (host: string, beginT: number) => snapshots.find((s) => s.host === host && s.t > beginT)?.t ?? facts.endT;
  const duringDaemonFault = (host: string, t: number) =>
    daemonFaults.some((f) => f.hosts.includes(host) && t >= f.beginT && t <= Math.max(f.endT, reachEnd(host, f.beginT)));

  const evidence: Evidence[] = [];
  const touched = facts.timeline.filter((e) => e.kind === "docker" && !e.managed && STATE_CHANGES.has(e.action) && !duringDaemonFault(e.host, e.t));
  for (const e of touched) if (e.kind === "docker") evidence.push({ subject: e.container, t: e.t, detail: `${e.action} while no daemon fault was on host ${e.host}`, failing: true });

  let lost = 0;
  for (const fault of daemonFaults) {
    const before = snapshots.filter((s) => s.before === fault.id && fault.hosts.includes(s.host));
    for (const was of before.filter((s) => s.running)) {
      const after = snapshots.find((s) => s.host === was.host && s.container === was.container && s.t > was.t);
      const subject = `${was.container} (host ${was.host}, restart ${was.restart})`;
      if (!after) {
        evidence.push({ subject, t: was.t, detail: `running before ${fault.id} ${fault.kind}; not seen again (removed, or its engine was not read afterwards)` });
      } else if (after.running) {
        evidence.push({ subject, t: after.t, detail: `running before ${fault.id} ${fault.kind} and again after it` });
      } else {
        lost++;
        evidence.push({ subject, t: after.t, detail: `running before ${fault.id} ${fault.kind}, ${after.status} after it: its restart policy (${after.restart}) did not bring it back`, failing: true });
      }
    }
  }

  const watched = new Set(snapshots.map((s) => `${s.host}/${s.container}`)).size;
  const failed = touched.length > 0 || lost > 0;
  return {
    check: "containment",
    status: failed ? "fail" : "pass",
    value: `${touched.length} foreign event(s)${watched > 0 ? `, ${watched} foreign container(s) watched, ${lost} down after a daemon fault` : ""}`,
    reason: failed
      ? [touched.length > 0 ? "containers outside the experiment changed state while no daemon fault was on their host" : "", lost > 0 ? "a container outside the experiment that a daemon fault stopped did not come back" : ""].filter(Boolean).join("; ")
      : watched > 0
        ? "containers outside the experiment changed state only under daemon faults, and every one that ran before came back"
        : "only the experiment's containers changed state",
    evidence: [...evidence.filter((e) => e.failing), ...evidence.filter((e) => !e.failing)],
  };
};
