// Carries out the method: each fault at its time, journaled before it is injected and when it is done.
import type { FaultWindow } from "../checks/types.js";
import { pause, type FaultEnv } from "../faults/fault-env.js";
import { FAULTS } from "../faults/registry.js";
import type { Journal } from "../journal/journal.js";
import { DAEMON_FAULTS } from "../profile/schema.js";
import type { Observer } from "../observe/observer.js";
import type { ScheduledFault } from "./schedule.js";

const DAEMON_LEVEL = new Set<string>(DAEMON_FAULTS);

export async function runMethod(
  schedule: ScheduledFault[],
  env: FaultEnv,
  journal: Journal,
  observer: Observer,
  onStep: (text: string) => void,
): Promise<FaultWindow[]> {
  const windows: FaultWindow[] = [];
  for (const item of schedule) {
    await pause(item.atT - observer.now(), env.signal);
    if (item.late) env.log(`${item.id} ${item.spec.fault}: ${item.late}; injecting now`);
    const prepared = await FAULTS[item.spec.fault](item.spec, item.id, env);
    const { record } = prepared;
    const affected = DAEMON_LEVEL.has(record.kind)
      ? env.members.filter((m) => record.targets.some((t) => t.host === m.host)).map((m) => m.spec.name)
      : record.targets.map((t) => t.container!);
    const hosts = [...new Set(record.targets.map((t) => t.host))];
    const targetsText = record.targets.map((t) => t.container ?? `host ${t.host}`).join(", ");
    onStep(`${item.id} ${record.kind} -> ${targetsText}`);
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
