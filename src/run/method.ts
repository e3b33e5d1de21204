// Carries out the method: each fault at its time, journaled before it is injected and when it is done.
import { hitsWholeHost } from "../faults/catalog.js";
import type { FaultEnv } from "../faults/fault-env.js";
import { pause } from "../util/interrupt.js";
import { INJECTORS } from "../faults/injectors.js";
import type { Journal } from "../journal/journal.js";
import type { TimelineEvent } from "../timeline/events.js";
import type { FaultWindow } from "../timeline/facts.js";
import type { ScheduledFault } from "./schedule.js";

/** The run's clock and timeline, as the method needs them. */
export interface MethodObserver {
  now(): number;
  record(event: TimelineEvent): void;
}

/**
 * Injects the scheduled faults in order and returns their windows. `windows` collects them as they happen, so
 * a caller still has the faults that ran when a later one fails.
 */
export async function runMethod(
  schedule: ScheduledFault[],
  env: FaultEnv,
  journal: Pick<Journal, "write">,
  observer: MethodObserver,
  onStep: (text: string) => void,
  windows: FaultWindow[] = [],
  /** Called before each fault is journaled, with its id: the run records the engines' other containers there. */
  beforeFault?: (faultId: string) => Promise<void>,
): Promise<FaultWindow[]> {
  for (const item of schedule) {
    await pause(item.atT - observer.now(), env.signal);
    if (item.late) env.log(`${item.id} ${item.spec.fault}: ${item.late}; injecting now`);
    const prepared = await INJECTORS[item.spec.fault](item.spec, item.id, env);
    const { record } = prepared;
    const affected = hitsWholeHost(record.kind)
      ? env.members.filter((m) => record.targets.some((t) => t.host === m.host)).map((m) => m.spec.name)
      : record.targets.map((t) => t.container!);
    const hosts = [...new Set(record.targets.map((t) => t.host))];
    const targetsText = record.targets.map((t) => t.container ?? `host ${t.host}`).join(", ");
    onStep(`${item.id} ${record.kind} -> ${targetsText}`);
    await beforeFault?.(record.id);
    journal.write({ type: "fault-intent", fault: record });
    const window: FaultWindow = { id: record.id, kind: record.kind, beginT: observer.now(), endT: 0, affected, hosts };
    observer.record({ kind: "fault", t: window.beginT, id: record.id, fault: record.kind, phase: "begin", targets: affected, hosts });
    windows.push(window);
    try {
      await prepared.run();
    } catch (error) {
      window.endT = observer.now();
      window.error = (error as Error).message;
      journal.write({ type: "fault-failed", faultId: record.id, error: window.error });
      observer.record({ kind: "fault", t: window.endT, id: record.id, fault: record.kind, phase: "failed", targets: affected, hosts, error: window.error });
      throw error;
    }
    window.endT = observer.now();
    journal.write({ type: "fault-injected", faultId: record.id });
    // The fault ended itself (daemon started again, container unpaused): nothing is left to undo.
    for (const action of record.undo) journal.write({ type: "undo-done", faultId: record.id, action });
    observer.record({ kind: "fault", t: window.endT, id: record.id, fault: record.kind, phase: "end", targets: affected, hosts });
  }
  return windows;
}
