// Carries out one undo action. Used by a run's own rollback and by `rebound recover`; every action is safe
// to repeat, because a recover may follow a rollback that got half-way.
import { loadSandbox } from "../daemon/sandbox-registry.js";
import { DockerodeEngine } from "../docker/dockerode-engine.js";
import type { UndoAction } from "../journal/entries.js";
import { inNetnsIfPresent } from "./network-faults.js";

export async function performUndo(action: UndoAction): Promise<string> {
  const daemon = await loadSandbox(action.sandbox);
  if (!daemon) return `sandbox ${action.sandbox} no longer exists; nothing to undo`;
  // Every other action needs the daemon up; starting a sandbox that runs already is a no-op.
  await daemon.start();
  const engine = new DockerodeEngine(daemon.endpoint);
  switch (action.kind) {
    case "start-daemon":
      return `started daemon ${action.sandbox}`;
    case "start-container":
      await engine.startContainer(action.container);
      return `started ${action.container}`;
    case "unpause-container":
      await engine.unpauseContainer(action.container);
      return `unpaused ${action.container}`;
    case "heal-partition":
      for (const rule of action.rules) await inNetnsIfPresent(action.pid, "iptables", ["-w", ...rule.split(" ")]);
      return `healed the partition of ${action.container}`;
    case "remove-delay":
      await inNetnsIfPresent(action.pid, "tc", ["qdisc", "del", "dev", action.device, "root"]);
      return `removed the delay on ${action.container}`;
  }
}
