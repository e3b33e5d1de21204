// What a smesher persists, and what a process start makes of it: identity, PoST, starts, the network it knew.
import type { PeerAddress } from "../config.js";
import { emptyActivation, type ActivationSnapshot } from "./activation.js";
import type { Atx } from "./atx.js";
import { writeOrNote, type CommonDoc } from "./base-status.js";
import type { ModelParams } from "./params.js";
import { postInitNeeded, postInitPlan, startIdentity, type IdentityDoc, type PostMarker } from "./post.js";
import type { TortoiseSnapshot } from "./tortoise.js";
import type { Env } from "./transport.js";

export interface SmesherSetup {
  params: ModelParams;
  id: string;
  units: number;
  peers: PeerAddress[];
  poets: PeerAddress[];
  genesis: { id: string; units: number }[];
}

export interface SmesherDoc extends CommonDoc {
  version: 2;
  role: "smesher";
  /** Fixed at creation: a later config change does not rewrite what the identity committed. */
  units: number;
  postInits: number;
  /** An initialisation under way, so a restart in the middle resumes it instead of counting a second one. */
  postInit: { key: string; doneMs: number } | null;
  lastLayer: number;
  resumedFromLayer: number;
  tortoise: TortoiseSnapshot | null;
  atxs: Atx[];
  firstAtxTarget: number | null;
  activation: ActivationSnapshot;
}

export interface Restored {
  doc: SmesherDoc;
  /** null when PoST data is there; else how long initialisation still takes. */
  initRemainingMs: number | null;
}

export function restoreSmesher(setup: SmesherSetup, env: Env): Restored {
  const now = env.now();
  const found = env.disk.read<SmesherDoc>("state");
  const prev = found?.role === "smesher" ? found : undefined;
  if (found && !prev) env.log("state-ignored", { reason: `role ${String(found.role)}` });
  const v2 = prev?.version === 2 ? prev : undefined;
  const keyDoc = env.disk.read<IdentityDoc>("key");
  const id = startIdentity({ id: setup.id, nowMs: now, newKey: env.newKey, keyDoc, known: prev?.identity, stateVersion: prev?.version });
  const identity = id.identity;
  const totalMs = setup.params.postInitLayers * setup.params.clock.layerMs;
  const needed = postInitNeeded(env.disk.read<PostMarker>("marker"), identity);
  const plan = postInitPlan(needed, v2?.postInit ?? null, identity, totalMs);
  const lastLayer = prev?.lastLayer ?? -1;
  const doc: SmesherDoc = {
    version: 2,
    role: "smesher",
    id: setup.id,
    identity,
    identityChanges: (v2?.identityChanges ?? 0) + (id.changed ? 1 : 0),
    starts: (prev?.starts ?? 0) + 1,
    startedAt: new Date(now).toISOString(),
    lastError: prev?.lastError ?? null,
    units: prev?.units ?? setup.units,
    postInits: (prev?.postInits ?? 0) + (plan.counted ? 1 : 0),
    postInit: needed ? { key: identity.key, doneMs: totalMs - plan.remainingMs } : null,
    lastLayer,
    resumedFromLayer: lastLayer,
    tortoise: v2?.tortoise ?? null,
    atxs: v2?.atxs ?? [],
    firstAtxTarget: v2?.firstAtxTarget ?? null,
    activation: v2?.activation ?? emptyActivation(),
  };
  if (id.created) {
    writeOrNote(doc, now, "key", env.disk.write("key", identity));
    env.log("identity-created", { key: identity.key });
  }
  if (id.changed) env.log("identity-lost", { previous: prev?.identity.key, key: identity.key, identityChanges: doc.identityChanges });
  if (id.mismatch) env.log("identity-mismatch", id.mismatch);
  if (plan.counted) env.log("post-init-start", { postInits: doc.postInits, layers: setup.params.postInitLayers });
  else if (needed) env.log("post-init-resume", { remainingMs: plan.remainingMs });
  env.log("start", { starts: doc.starts, key: identity.key, resumedFromLayer: lastLayer });
  return { doc, initRemainingMs: needed ? plan.remainingMs : null };
}
