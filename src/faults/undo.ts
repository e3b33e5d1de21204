// Carries out one undo action, idempotently, and counts it done only once the state is observed: used by a
// run's own rollback and by `rebound recover`, which may follow a rollback that got half-way.
import { stoppedOnPurpose } from "../daemon/stopped-on-purpose.js";
import type { HostResolver } from "../fleet/hosts.js";
import type { UndoAction } from "../journal/entries.js";
import { managedNode } from "./swarm-node.js";
import { healNetns, startObserved, unpauseObserved, type ObserveTiming } from "./undo-observed.js";

export interface UndoContext {
  /** When the fault's intent was journaled (ISO time). */
  since?: string;
  /** Set when the experiment the fault hit no longer exists (taken down): then nothing is left to undo. */
  experimentGone?: string;
  timing?: Partial<ObserveTiming>;
}

/** `moot` says why there was nothing to act on; `what` says what was done (or found). */
export interface UndoOutcome {
  what: string;
  moot?: string;
}

const moot = (reason: string): UndoOutcome => ({ what: reason, moot: reason });

export async function performUndo(action: UndoAction, resolve: HostResolver, context: UndoContext = {}): Promise<UndoOutcome> {
  if (context.experimentGone) return moot(context.experimentGone);
  const host = await resolve(action.sandbox);
  if (!host) return moot(`sandbox ${action.sandbox} no longer exists; nothing to undo`);
  // A daemon the user stopped after the fault was journaled stays stopped: starting it would undo their stop.
  const stop = host.owned ? await stoppedOnPurpose(action.sandbox) : undefined;
  if (stop && context.since !== undefined && stop.at.getTime() >= Date.parse(context.since) && !(await host.daemon.status()).running) {
    return moot(`sandbox ${action.sandbox} was stopped on purpose (${stop.by}, ${stop.at.toISOString()}); not started again`);
  }
  // Every other action needs the daemon up; starting a daemon that runs already is a no-op. An existing engine is
  // started only to undo a daemon fault of its own (the run had --allow-daemon-faults), never to undo another.
  if (host.owned || action.kind === "start-daemon") await host.daemon.start();
  if (!(await host.daemon.status()).running) throw new Error(`sandbox daemon ${action.sandbox} does not answer after its start`);
  const timing = { since: context.since, ...context.timing };
  switch (action.kind) {
    case "start-daemon":
      return { what: `started daemon ${action.sandbox}` };
    case "activate-node": {
      const { control, nodeId } = await managedNode([host], action.node);
      await control.setAvailability(nodeId, "active");
      return { what: `node ${action.node} active again (through the manager on ${action.sandbox})` };
    }
    case "start-container":
      return startObserved(host.engine, action.container, action.graceSeconds ?? 0, timing);
    case "unpause-container":
      return unpauseObserved(host.engine, action.container);
    case "heal-partition":
    case "remove-delay":
      return healNetns(host, action);
  }
}
