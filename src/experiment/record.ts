// What rebound remembers about a profile it brought up: experiment id, genesis, its subnet and bridge.
// Kept across `down` (without --volumes) so the stand-ins' clock and identities resume on the next `up`.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { usedTwoOctetPrefixes } from "../daemon/bridge.js";
import { reboundHome, shortHash } from "../daemon/paths.js";
import { environmentError } from "../errors.js";
import { readJsonFile } from "../util/parse-json.js";

export interface ExperimentRecord {
  profile: string;
  profilePath: string;
  experimentId: string;
  genesisMs: number;
  subnetPrefix: string;
  bridgeName: string;
  /** Sandbox daemon names, one per profile host. */
  sandboxes: string[];
  createdAt: string;
}

const recordSchema = z.object({
  profile: z.string(),
  profilePath: z.string(),
  experimentId: z.string(),
  genesisMs: z.number(),
  subnetPrefix: z.string(),
  bridgeName: z.string(),
  sandboxes: z.array(z.string()),
  createdAt: z.string(),
}) satisfies z.ZodType<ExperimentRecord>;

const recordsDir = () => join(reboundHome(), "experiments");
const recordPath = (profile: string) => join(recordsDir(), `${profile}.json`);

// A record that cannot be read must stop `up`: replacing it would strand the old experiment's containers.
const hint = (profile: string) =>
  `move it aside after finding what it names: docker ps -a --filter label=io.rebound.profile=${profile} on its sandbox daemons`;

/** undefined when the profile has no record; a record that is there but unreadable is an error. */
export async function readRecord(profile: string): Promise<ExperimentRecord | undefined> {
  return readJsonFile(recordPath(profile), recordSchema, { article: "an", noun: "experiment record" }, hint(profile));
}

/** Every record; one corrupt record fails the whole listing, so no command acts as if it were not there. */
export async function listRecords(): Promise<ExperimentRecord[]> {
  const names = await readdir(recordsDir()).catch(() => [] as string[]);
  const records = await Promise.all(names.filter((n) => n.endsWith(".json")).map((n) => readRecord(n.slice(0, -5))));
  return records.filter((record): record is ExperimentRecord => record !== undefined);
}

export async function writeRecord(record: ExperimentRecord): Promise<void> {
  await mkdir(recordsDir(), { recursive: true });
  const path = recordPath(record.profile);
  await writeFile(`${path}.tmp`, JSON.stringify(record, null, 2) + "\n");
  await rename(`${path}.tmp`, path);
}

export async function deleteRecord(profile: string): Promise<void> {
  await rm(recordPath(profile), { force: true });
}

/** A new record with a /16 that no interface on this machine and no other experiment uses. */
export async function newRecord(profile: string, profilePath: string, sandboxes: string[], now = Date.now()): Promise<ExperimentRecord> {
  const taken = await usedTwoOctetPrefixes();
  for (const record of await listRecords()) taken.add(record.subnetPrefix);
  let subnetPrefix: string | undefined;
  for (let octet = 200; octet <= 254 && !subnetPrefix; octet++) {
    if (!taken.has(`10.${octet}`)) subnetPrefix = `10.${octet}`;
  }
  if (!subnetPrefix) throw environmentError("no free 10.200-254.0.0/16 subnet left for a new experiment's bridge");
  return {
    profile,
    profilePath,
    experimentId: `${profile}-${randomBytes(3).toString("hex")}`,
    genesisMs: now,
    subnetPrefix,
    bridgeName: `rb${shortHash(`${reboundHome()}:${profile}`, 8)}`,
    sandboxes,
    createdAt: new Date(now).toISOString(),
  };
}
