// What a run's journal records. Each fault is written before it is injected (intent) and again when it is
// done and when it is undone, so a run killed at any point can be finished by `rebound recover`.
// The types come from the schemas that check every line read back, so the two cannot drift apart.
import { z } from "zod";

const inContainer = { sandbox: z.string(), container: z.string() };

/** Everything needed to undo a fault later, by a process that knows nothing else about the run. */
export const undoActionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("start-daemon"), sandbox: z.string() }),
  /** sandbox: the manager that drained the node; node: the drained host's key (its io.rebound.host label). */
  z.object({ kind: z.literal("activate-node"), sandbox: z.string(), node: z.string() }),
  // graceSeconds: the stop timeout a `stop` fault gave the container; until it has passed, a running container
  // may still be on its way down, so its undo waits that long before it trusts what it sees.
  z.object({ kind: z.literal("start-container"), ...inContainer, graceSeconds: z.number().optional() }),
  z.object({ kind: z.literal("unpause-container"), ...inContainer }),
  z.object({ kind: z.literal("heal-partition"), ...inContainer, pid: z.number(), rules: z.array(z.string()) }),
  z.object({ kind: z.literal("remove-delay"), ...inContainer, pid: z.number(), device: z.string() }),
]);
export type UndoAction = z.infer<typeof undoActionSchema>;

export const faultRecordSchema = z.object({
  id: z.string(),
  kind: z.string(),
  targets: z.array(z.object({ host: z.string(), container: z.string().optional() })),
  /** Undo actions, one per thing left changed; each stands alone, and a rollback runs them last first. */
  undo: z.array(undoActionSchema),
});
export type FaultRecord = z.infer<typeof faultRecordSchema>;

export const journalEntrySchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("run-start"),
    runId: z.string(),
    profile: z.string(),
    profilePath: z.string(),
    /** Unknown when the run starts (it is written before `up`); the `experiment` entry gives it. */
    experimentId: z.string().optional(),
    seed: z.number(),
    pid: z.number(),
    /** The pid's start time (/proc/PID/stat field 22), so a reused pid is not mistaken for the run. */
    pidStart: z.number().optional(),
    /** --keep: the run leaves its experiment up on purpose. */
    keep: z.boolean().optional(),
  }),
  z.object({ type: z.literal("experiment"), experimentId: z.string(), sandboxes: z.array(z.string()), bridgeName: z.string() }),
  z.object({ type: z.literal("step"), step: z.string(), detail: z.string().optional() }),
  z.object({ type: z.literal("fault-intent"), fault: faultRecordSchema }),
  z.object({ type: z.literal("fault-injected"), faultId: z.string(), detail: z.string().optional() }),
  z.object({ type: z.literal("fault-failed"), faultId: z.string(), error: z.string() }),
  z.object({ type: z.literal("undo-intent"), faultId: z.string(), action: undoActionSchema }),
  // moot: the undo had nothing left to act on (the sandbox or container is gone, or stopped on purpose since).
  z.object({ type: z.literal("undo-done"), faultId: z.string(), action: undoActionSchema, error: z.string().optional(), moot: z.string().optional() }),
  // The run's removal of its experiment, journaled as it goes, so a kill during it is finished by `recover`.
  z.object({ type: z.literal("teardown"), phase: z.enum(["begin", "progress", "done", "failed"]), detail: z.string().optional() }),
  z.object({ type: z.literal("run-end"), outcome: z.string(), exitCode: z.number() }),
]);
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export type Stamped<T> = T & { seq: number; at: string; t: number };
export type StampedEntry = Stamped<JournalEntry>;

export const stampedEntrySchema = z.intersection(journalEntrySchema, z.object({ seq: z.number(), at: z.string(), t: z.number() })) satisfies z.ZodType<StampedEntry>;
