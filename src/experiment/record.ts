// What rebound remembers about a profile it brought up: experiment id, genesis, its subnet and bridge.
// Kept across `down` (without --volumes) so the stand-ins' clock and identities resume on the next `up`.
import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { usedTwoOctetPrefixes } from "../daemon/bridge.js";
import { NAME_PATTERN, NAME_RULE } from "../daemon/names.js";
import { reboundHome, shortHash } from "../daemon/paths.js";
import { listStateDir } from "../daemon/state-dir.js";
import { environmentError, inputError } from "../errors.js";
import { readJsonFile } from "../util/parse-json.js";
import { claimBridge, claimOwner, claimStore, claimSubnet, releaseClaims } from "./record-claims.js";
import { recordSchema, type ExperimentRecord } from "./record-schema.js";

export type { ExperimentRecord } from "./record-schema.js";

const recordsDir = () => join(reboundHome(), "experiments");
const recordPath = (profile: string) => join(recordsDir(), `${profile}.json`);

// A record that cannot be read must stop `up`: replacing it would strand the old experiment's containers.
const hint = (profile: string) =>
  `move it aside after finding what it names: docker ps -a --filter label=io.rebound.profile=${profile} on its sandbox daemons`;

/** undefined when the profile has no record; a record that is there but unreadable or foreign is an error. */
export async function readRecord(profile: string): Promise<ExperimentRecord | undefined> {
  // The name becomes a path: checked here too, whatever the caller did.
  if (!NAME_PATTERN.test(profile)) throw inputError(`${JSON.stringify(profile)}: not a profile name (expected ${NAME_RULE})`);
  const path = recordPath(profile);
  const record = await readJsonFile(path, recordSchema, { article: "an", noun: "experiment record" }, hint(profile));
  if (record && record.profile !== profile) {
    throw inputError(`${path}: not an experiment record of profile ${profile}: it names profile ${record.profile}`, hint(profile));
  }
  return record;
}

/** Every record; one corrupt record fails the whole listing, so no command acts as if it were not there. */
export async function listRecords(): Promise<ExperimentRecord[]> {
  const names = await listStateDir(recordsDir());
  // Only files named as rebound names them: a stray file is not an experiment (and is never read as one).
  const profiles = names.filter((n) => n.endsWith(".json") && NAME_PATTERN.test(n.slice(0, -5))).map((n) => n.slice(0, -5));
  const records = await Promise.all(profiles.map(readRecord));
  return records.filter((record): record is ExperimentRecord => record !== undefined);
}

export async function writeRecord(record: ExperimentRecord): Promise<void> {
  await mkdir(recordsDir(), { recursive: true });
  const path = recordPath(record.profile);
  await writeFile(`${path}.tmp`, JSON.stringify(record, null, 2) + "\n");
  await rename(`${path}.tmp`, path);
}

/** Removes the record, then gives back its subnet and bridge: a claim never goes while its record is there. */
export async function deleteRecord(profile: string): Promise<void> {
  const record = await readRecord(profile).catch(() => undefined);
  await rm(recordPath(profile), { force: true });
  if (record) await releaseClaims(record);
}

/**
 * A new record with a /16 and a bridge that no interface on this machine, no other experiment of this home and
 * no claim of any home holds; both are claimed machine-wide before anything uses them.
 */
export async function newRecord(profile: string, profilePath: string, sandboxes: string[], now = Date.now()): Promise<ExperimentRecord> {
  const owner = claimOwner(profile);
  const store = claimStore();
  // The bridge first: its claim is per experiment, so a second `up` of the same profile stops here.
  const bridgeName = await claimBridge(store, owner, (n) => `rb${shortHash(n === 0 ? `${reboundHome()}:${profile}` : `${reboundHome()}:${profile}:${n}`, 8)}`);
  const taken = await usedTwoOctetPrefixes();
  for (const record of await listRecords()) taken.add(record.subnetPrefix);
  let subnetPrefix: string | undefined;
  for (let octet = 200; octet <= 254 && !subnetPrefix; octet++) {
    const candidate = `10.${octet}`;
    if (!taken.has(candidate) && (await claimSubnet(store, owner, candidate))) subnetPrefix = candidate;
  }
  if (!subnetPrefix) {
    await releaseClaims({ profile, bridgeName });
    throw environmentError("no free 10.200-254.0.0/16 subnet left for a new experiment's bridge", "rebound down --volumes an experiment you no longer need");
  }
  return {
    profile,
    profilePath,
    experimentId: `${profile}-${randomBytes(3).toString("hex")}`,
    genesisMs: now,
    subnetPrefix,
    bridgeName,
    sandboxes,
    createdAt: new Date(now).toISOString(),
  };
}

export { claimRecord } from "./record-claims.js";
