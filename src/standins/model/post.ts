// Identity and PoST at start: which key this process runs with, and whether PoST has to be initialised (again).

export interface IdentityDoc {
  id: string;
  key: string;
  createdAt: string;
}

export interface PostMarker {
  id: string;
  key: string;
  at: string;
}

export interface IdentityInput {
  id: string;
  nowMs: number;
  newKey: () => string;
  /** The key file, if it survived. */
  keyDoc?: IdentityDoc;
  /** The identity the state file last ran with, and that file's format version. */
  known?: IdentityDoc;
  stateVersion?: number;
}

export interface IdentityStart {
  identity: IdentityDoc;
  /** A key was generated now: write the key file. */
  created: boolean;
  /** The state file remembers another key: the identity was lost (a new one has no weight until its first ATX). */
  changed: boolean;
  /** The data directory belongs to another name than this container's. */
  mismatch: { persisted: string; configured: string } | null;
}

export function startIdentity(input: IdentityInput): IdentityStart {
  let identity = input.keyDoc?.key ? input.keyDoc : undefined;
  let created = false;
  // Format 1 kept the key in the state file only: adopt it rather than call it lost.
  if (!identity && input.known?.key && input.stateVersion === 1) {
    identity = input.known;
    created = true;
  }
  if (!identity) {
    identity = { id: input.id, key: input.newKey(), createdAt: new Date(input.nowMs).toISOString() };
    created = true;
  }
  const changed = input.known?.key !== undefined && input.known.key !== identity.key;
  const mismatch = identity.id !== input.id ? { persisted: identity.id, configured: input.id } : null;
  return { identity, created, changed, mismatch };
}

/** PoST data belongs to one identity: a marker written for another key is as good as none. */
export function postInitNeeded(marker: PostMarker | undefined, identity: IdentityDoc): boolean {
  return !marker || marker.key !== identity.key;
}

/** An interrupted initialisation of the same identity resumes where it was: it is not a second one. */
export function postInitPlan(
  needed: boolean,
  inProgress: { key: string; doneMs: number } | null,
  identity: IdentityDoc,
  totalMs: number,
): { counted: boolean; remainingMs: number } {
  if (!needed) return { counted: false, remainingMs: 0 };
  if (inProgress?.key === identity.key) return { counted: false, remainingMs: Math.max(0, totalMs - inProgress.doneMs) };
  return { counted: true, remainingMs: totalMs };
}
