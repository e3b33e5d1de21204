// An experiment's machine-wide claims on its subnet and bridge: taken when its record is made or reused,
// given back when the record goes, and held while the owner runs, the record names them, or they are in use.
import { join, resolve } from "node:path";
import { bridgeExists, usedTwoOctetPrefixes } from "../daemon/bridge.js";
import { processLiveness, releaseClaim, takeClaim, type Claim, type ClaimKind, type ClaimOutcome, type ClaimOwner, type ClaimStore } from "../daemon/claims.js";
import { claimsDir, reboundHome } from "../daemon/paths.js";
import { processStartTime } from "../daemon/process-info.js";
import { environmentError } from "../errors.js";
import { readJsonFile } from "../util/parse-json.js";
import { recordSchema, type ExperimentRecord } from "./record-schema.js";

export function claimOwner(profile: string): ClaimOwner {
  // Another process reads the home from the claim: an absolute path, whatever the working directory.
  return { pid: process.pid, startTime: processStartTime(process.pid) ?? 0, home: resolve(reboundHome()), profile };
}

export function claimStore(): ClaimStore {
  return { dir: claimsDir(), liveness: processLiveness(inUse, recorded) };
}

async function inUse(kind: ClaimKind, value: string): Promise<boolean> {
  return kind === "subnet" ? (await usedTwoOctetPrefixes()).has(value) : bridgeExists(value);
}

/** Whether the claim's own record, in its own home, still names it; a record that cannot be read counts as naming it. */
async function recorded(claim: Claim): Promise<boolean> {
  const path = join(claim.home, "experiments", `${claim.profile}.json`);
  try {
    const record = await readJsonFile(path, recordSchema, { article: "an", noun: "experiment record" }, "");
    if (!record) return false;
    return claim.kind === "subnet" ? record.subnetPrefix === claim.value : record.bridgeName === claim.value;
  } catch {
    return true;
  }
}

/** A subnet for a new experiment: false when another experiment holds it (the caller tries the next one). */
export async function claimSubnet(store: ClaimStore, owner: ClaimOwner, prefix: string): Promise<boolean> {
  const outcome = await takeClaim(store, "subnet", prefix, owner);
  if (outcome.ok) return true;
  if (outcome.holder && sameExperiment(outcome.holder, owner)) throw busy(owner, outcome);
  return false;
}

/** The experiment's bridge: the first candidate name no other experiment holds; the same experiment running is an error. */
export async function claimBridge(store: ClaimStore, owner: ClaimOwner, candidate: (n: number) => string): Promise<string> {
  for (let n = 0; n < 4; n++) {
    const name = candidate(n);
    const outcome = await takeClaim(store, "bridge", name, owner);
    if (outcome.ok) return name;
    if (outcome.holder && sameExperiment(outcome.holder, owner)) throw busy(owner, outcome);
  }
  throw environmentError(`no free bridge name for profile ${owner.profile}: every candidate is claimed`, `see ${store.dir}`);
}

/** Claims what an existing record names before `up` uses it again; held by another is an error naming the holder. */
export async function claimRecord(record: ExperimentRecord): Promise<void> {
  const store = claimStore();
  const owner = claimOwner(record.profile);
  for (const [kind, value] of [["bridge", record.bridgeName], ["subnet", record.subnetPrefix]] as const) {
    const outcome = await takeClaim(store, kind, value, owner);
    if (outcome.ok) continue;
    if (outcome.holder && sameExperiment(outcome.holder, owner)) throw busy(owner, outcome);
    throw environmentError(
      `${kind} ${value} of profile ${record.profile} is claimed by ${holderText(outcome)}`,
      `rebound down --volumes the experiment that holds it, or move ${join(reboundHome(), "experiments", `${record.profile}.json`)} aside for a new subnet`,
    );
  }
}

/** Gives back the record's claims (only those of this home and profile). */
export async function releaseClaims(record: Pick<ExperimentRecord, "profile" | "bridgeName"> & { subnetPrefix?: string }): Promise<void> {
  const store = claimStore();
  const owner = { home: resolve(reboundHome()), profile: record.profile };
  await releaseClaim(store, "bridge", record.bridgeName, owner);
  if (record.subnetPrefix) await releaseClaim(store, "subnet", record.subnetPrefix, owner);
}

const sameExperiment = (a: Pick<ClaimOwner, "home" | "profile">, b: Pick<ClaimOwner, "home" | "profile">) => a.home === b.home && a.profile === b.profile;

function holderText(outcome: Extract<ClaimOutcome, { ok: false }>): string {
  const { holder, file } = outcome;
  return holder ? `profile ${holder.profile} of REBOUND_HOME=${holder.home} (pid ${holder.pid}; ${file})` : `an unreadable claim (${file})`;
}

const busy = (owner: ClaimOwner, outcome: Extract<ClaimOutcome, { ok: false }>) =>
  environmentError(
    `profile ${owner.profile} is being brought up by another rebound process (pid ${outcome.holder?.pid}; ${outcome.file})`,
    "wait for it to finish, then run the command again",
  );
