// What a run's journal records. Each fault is written before it is injected (intent) and again when it is
// done and when it is undone, so a run killed at any point can be finished by `rebound recover`.
// The types come from the schemas that check every line read back, so the two cannot drift apart.
import { z } from "zod";

const inContainer = { sandbox: z.string(), container: z.string() };

/** Everything needed to undo a fault later, by a process that knows nothing else about the run. */
export const undoActionSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("start-daemon"), sandbox: z.string() }),
  z.object({ kind: z.literal("start-container"), ...inContainer }),
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
    experimentId: z.string(),
    seed: z.number(),
    pid: z.number(),
  }),
  z.object({ type: z.literal("step"), step: z.string(), detail: z.string().optional() }),
  z.object({ type: z.literal("fault-intent"), fault: faultRecordSchema }),
  z.object({ type: z.literal("fault-injected"), faultId: z.string(), detail: z.string().optional() }),
  z.object({ type: z.literal("fault-failed"), faultId: z.string(), error: z.string() }),
  z.object({ type: z.literal("undo-intent"), faultId: z.string(), action: undoActionSchema }),
  z.object({ type: z.literal("undo-done"), faultId: z.string(), action: undoActionSchema, error: z.string().optional() }),
  z.object({ type: z.literal("run-end"), outcome: z.string(), exitCode: z.number() }),
]);
export type JournalEntry = z.infer<typeof journalEntrySchema>;

export type Stamped<T> = T & { seq: number; at: string; t: number };
export type StampedEntry = Stamped<JournalEntry>;

export const stampedEntrySchema = z.intersection(journalEntrySchema, z.object({ seq: z.number(), at: z.string(), t: z.number() })) satisfies z.ZodType<StampedEntry>;
