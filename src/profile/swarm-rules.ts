// Rules for orchestrator: swarm: which keys belong to it, which hosts can be nodes, and what rebound can do with
// such a fleet today.
import { faultInfo } from "../faults/catalog.js";
import type { PlacedMessage } from "./format-issue.js";
import type { Profile } from "./schema.js";

export function checkSwarm(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const swarm = profile.orchestrator === "swarm";
  const groups = [
    ...profile.smeshers.map((g, index) => ({ kind: "smeshers", index, g })),
    ...profile.poets.map((g, index) => ({ kind: "poets", index, g })),
  ];
  for (const [key, host] of Object.entries(profile.hosts)) {
    if (host.kind === "sandbox" && host.role !== undefined && !swarm) {
      issues.push({ path: ["hosts", key, "role"], at: "key", message: "role: is a swarm node's role; it needs orchestrator: swarm" });
    }
    if (host.kind === "existing" && swarm) {
      issues.push({ path: ["hosts", key], at: "key", message: "a swarm node must be a sandbox daemon: existing engines cannot join rebound's swarm (yet)" });
    }
    if (host.kind === "sandbox" && host.liveRestore && swarm) {
      // Measured on dockerd 20.10.24: it exits at start, "--live-restore daemon configuration is incompatible with swarm mode".
      issues.push({ path: ["hosts", key, "liveRestore"], at: "key", message: "dockerd refuses live-restore in swarm mode (it would not start): remove liveRestore or the swarm" });
    }
  }
  for (const { kind, index, g } of groups) {
    if (g.deploy !== undefined && !swarm) issues.push({ path: [kind, index, "deploy"], at: "key", message: "deploy: is how Swarm runs a member; it needs orchestrator: swarm" });
  }
  if (swarm) {
    // A host that gives no role may manage (the first such one does when none says manager).
    const roles = Object.values(profile.hosts).map((host) => (host.kind === "sandbox" ? host.role : undefined));
    if (!roles.includes("manager") && !roles.includes(undefined)) {
      issues.push({ path: ["hosts"], at: "key", message: "a swarm needs a manager: give one host role: manager" });
    }
    // A container fault would hit a task's container by name, which Swarm makes anew for every task: what rebound
    // injects on a swarm today is what happens to a node's daemon or the node itself.
    for (const [index, step] of profile.method.entries()) {
      const family = faultInfo(step.fault)?.family;
      if (family !== undefined && family !== "daemon" && family !== "node") {
        issues.push({ path: ["method", index, "fault"], at: "value", message: `${step.fault} is a ${family} fault; on a swarm fleet rebound injects a node's daemon and host faults (daemon-restart, daemon-crash, unattended-upgrade, host-reboot) and node-drain` });
      }
    }
  }
  if (!swarm) {
    for (const [index, step] of profile.method.entries()) {
      if (faultInfo(step.fault)?.family === "node") issues.push({ path: ["method", index, "fault"], at: "value", message: `${step.fault} acts on a swarm node; it needs orchestrator: swarm` });
    }
  }
  return issues;
}
