// Carries out one undo action. Used by a run's own rollback and by `rebound recover`; every action is safe
// to repeat, because a recover may follow a rollback that got half-way.
import type { HostResolver } from "../fleet/hosts.js";
import type { UndoAction } from "../journal/entries.js";

export async function performUndo(action: UndoAction, resolve: HostResolver): Promise<string> {
  const host = await resolve(action.sandbox);
  if (!host) return `sandbox ${action.sandbox} no longer exists; nothing to undo`;
  // Every other action needs the daemon up; starting a daemon that runs already is a no-op.
  await host.daemon.start();
  switch (action.kind) {
    case "start-daemon":
      return `started daemon ${action.sandbox}`;
    case "start-container":
      await host.engine.startContainer(action.container);
      return `started ${action.container}`;
    case "unpause-container":
      await host.engine.unpauseContainer(action.container);
      return `unpaused ${action.container}`;
    case "heal-partition":
      for (const rule of action.rules) await host.processes.inNetns(action.pid, "iptables", ["-w", ...rule.split(" ")], { ifPresent: true });
      return `healed the partition of ${action.container}`;
    case "remove-delay":
      await host.processes.inNetns(action.pid, "tc", ["qdisc", "del", "dev", action.device, "root"], { ifPresent: true });
      return `removed the delay on ${action.container}`;
  }
}
