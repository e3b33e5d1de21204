// The part of a stand-in's GET /status that rebound reads (snapshotOf, networkView, status rows), checked on
// arrival. Here and not in src/standins: the stand-ins run in containers without node_modules, so without zod.
import { z } from "zod";
import type { StandinStatus } from "../standins/status.js";

// Optional where snapshotOf and networkView already tolerate their absence: an image built by an older rebound.
const fields = z.object({
  role: z.enum(["smesher", "poet"]),
  key: z.string(),
  starts: z.number(),
  lastExit: z.looseObject({ kind: z.enum(["first", "clean", "killed"]), code: z.number().optional(), at: z.string().optional() }).optional(),
  identityChanges: z.number().optional(),
  postInits: z.number(),
  phase: z.enum(["initialising", "syncing", "synced", "serving"]),
  syncState: z.enum(["notSynced", "gossipSync", "synced"]).nullable().optional(),
  currentLayer: z.number(),
  currentEpoch: z.number(),
  verifiedLayer: z.number(),
  lastLayer: z.number(),
  resumedFromLayer: z.number(),
  peersReachable: z.number(),
  peersTotal: z.number(),
  epochWeight: z.looseObject({ online: z.number(), total: z.number() }).optional(),
  hare: z
    .array(
      z.looseObject({
        layer: z.number(),
        outcome: z.enum(["confirmed", "failed", "healed"]),
        weight: z.number(),
        totalWeight: z.number(),
        voters: z.number(),
        via: z.enum(["votes", "sync", "none"]),
      }),
    )
    .optional(),
  tortoise: z.looseObject({ stalledAt: z.number().nullable() }).optional(),
  lateVotes: z.number().optional(),
  slowLayers: z
    .looseObject({ count: z.number(), worstMs: z.number(), recent: z.array(z.looseObject({ layer: z.number(), lateMs: z.number(), tookMs: z.number() })) })
    .optional(),
  atxs: z.array(z.looseObject({ targetEpoch: z.number() })).optional(),
  rounds: z.array(z.looseObject({ epoch: z.number(), state: z.enum(["open", "executing", "done", "skipped"]), registrations: z.array(z.string()) })).optional(),
});

// Compile-time: every status a stand-in can serve passes, i.e. the schema asks for nothing StandinStatus lacks
// (loose objects' index signatures set aside: an interface never has one).
type Known<T> = T extends (infer U)[] ? Known<U>[] : T extends object ? { [K in keyof T as string extends K ? never : K]: Known<T[K]> } : T;
type Assert<T extends true> = T;
export type StatusSchemaFits = Assert<StandinStatus extends Known<z.infer<typeof fields>> ? true : false>;

/** Unread fields are kept as the stand-in sent them (the JSON report shows them). */
export const standinStatusSchema = fields.loose();
