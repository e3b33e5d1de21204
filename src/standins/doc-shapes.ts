// The shapes of the documents a stand-in reads back from its data directory: state (per role and format), key, marker.
import type { DocName } from "./model/transport.js";
import { arr, bool, int, lit, nullable, num, obj, opt, rec, str, type Shape } from "./shape.js";

const identity = obj({ id: str, key: str, createdAt: str });
const marker = obj({ id: str, key: str, at: str });
const common = {
  id: str,
  identity,
  identityChanges: int,
  starts: int,
  startedAt: str,
  lastError: nullable(obj({ at: str, message: str })),
};

const layerRecord = obj({
  layer: int,
  outcome: lit("confirmed", "failed", "healed"),
  weight: num,
  total: num,
  voters: num,
  via: lit("votes", "sync", "none"),
});
const atx = obj({ smesher: str, key: str, publishEpoch: int, targetEpoch: int, units: num, ticks: num, weight: num, poet: str });
const activation = obj({
  poetKeys: rec(str),
  untrusted: arr(str),
  registrations: arr(obj({ round: int, poet: str, key: str, ok: bool, layer: int, error: opt(str) })),
  proofs: arr(obj({ round: int, poet: str, key: str, ticks: num, layer: int })),
  published: arr(atx),
});

const smesherV2 = obj({
  ...common,
  version: lit(2),
  role: lit("smesher"),
  units: num,
  postInits: int,
  postInit: nullable(obj({ key: str, doneMs: num })),
  lastLayer: int,
  resumedFromLayer: int,
  tortoise: nullable(obj({ start: nullable(int), verified: int, records: arr(layerRecord) })),
  atxs: arr(atx),
  firstAtxTarget: nullable(int),
  activation,
});

const poetV2 = obj({
  ...common,
  version: lit(2),
  role: lit("poet"),
  rounds: rec(
    obj({
      state: lit("open", "executing", "done", "skipped"),
      registrations: arr(obj({ id: str, key: str })),
      executedMs: num,
      accountedUntil: nullable(num),
      ticks: nullable(num),
    }),
  ),
});

/** Format 1 (before the model): only what a start still takes from it, identity, counters and progress. */
const v1 = obj({
  version: lit(1),
  role: lit("smesher", "poet"),
  identity,
  starts: int,
  units: opt(num),
  postInits: opt(int),
  lastLayer: opt(int),
});

const state: Shape = (v, at) => {
  const doc = v as { version?: unknown; role?: unknown } | null;
  if (doc?.version === 1) return v1(v, at);
  if (doc?.version === 2 && doc.role === "smesher") return smesherV2(v, at);
  if (doc?.version === 2 && doc.role === "poet") return poetV2(v, at);
  return obj({ version: lit(1, 2), role: lit("smesher", "poet") })(v, at);
};

export const DOC_SHAPES: Record<DocName, Shape> = { state, key: identity, marker };
