// How the last run ended: a marker in the data directory says "running" while a process runs and its exit code
// once it ended itself. Docker resets a container's ExitCode when it restarts it; this marker outlives that.
import type { Logger } from "./log.js";
import type { LastExit } from "./status.js";
import type { Store } from "./store.js";

export const RUN_MARKER = "run.marker";

export type RunMarker = { state: "running"; at: string } | { state: "exited"; code: number; reason: string; at: string };

/**
 * What a start makes of the marker the previous run left. Any marker at all proves a run happened; only a
 * well-formed exit record says how it ended, so anything else (still "running", or unreadable) counts as killed.
 */
export function lastExitOf(marker: unknown): LastExit {
  if (marker === undefined) return { kind: "first" };
  const m = marker as Partial<Extract<RunMarker, { state: "exited" }>> | null;
  if (m?.state !== "exited" || !Number.isInteger(m.code)) return { kind: "killed" };
  return {
    kind: "clean",
    code: m.code as number,
    ...(typeof m.at === "string" ? { at: m.at } : {}),
    ...(typeof m.reason === "string" ? { reason: m.reason } : {}),
  };
}

export interface RunStart {
  lastExit: LastExit;
  /** Entries removed, when the start wiped the data directory. */
  wiped?: number;
}

/**
 * Reads the previous run's marker before a wipe (resume: false) can take it: how that process ended is a fact
 * about the container, not state to resume. Then marks this run as running, so a kill from now on shows.
 */
export function beginRun(store: Store, wipe: boolean, nowMs: number, log: Logger): RunStart {
  const { value, corrupt } = store.readJson<unknown>(RUN_MARKER);
  const lastExit = lastExitOf(corrupt ? null : value);
  const wiped = wipe ? store.wipe() : undefined;
  try {
    store.writeJson(RUN_MARKER, { state: "running", at: new Date(nowMs).toISOString() } satisfies RunMarker);
  } catch (err) {
    // A stale exit record would tell the next start that this run ended cleanly: better no marker at all.
    log("run-marker-failed", { error: (err as Error).message, removed: store.remove(RUN_MARKER) });
  }
  return { lastExit, ...(wiped === undefined ? {} : { wiped }) };
}

/** Records this run's end once (the clean stop, then process "exit", may both report it); synchronous. */
export function exitRecorder(store: Store, now: () => number, log: Logger): (code: number, reason: string) => void {
  let recorded = false;
  return (code, reason) => {
    if (recorded) return;
    recorded = true;
    const marker: RunMarker = { state: "exited", code, reason, at: new Date(now()).toISOString() };
    try {
      store.writeJson(RUN_MARKER, marker);
    } catch (err) {
      log("run-marker-failed", { error: (err as Error).message, code });
    }
  };
}
