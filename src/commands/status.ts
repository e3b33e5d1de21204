// rebound status [PROFILE]: each container's Docker state next to the stand-in's own view of the network.
import { listRecords, readRecord, type ExperimentRecord } from "../experiment/record.js";
import { inputError } from "../errors.js";
import { experimentStatus, type ExperimentStatus } from "../observe/fleet-status.js";
import { resolveProfileName } from "../profile/profile-arg.js";

export async function status(profileArg: string | undefined): Promise<ExperimentStatus[]> {
  const records = profileArg === undefined ? await listRecords() : [await recordFor(profileArg)];
  return Promise.all(records.map(experimentStatus));
}

async function recordFor(profileArg: string): Promise<ExperimentRecord> {
  const name = await resolveProfileName(profileArg);
  const record = await readRecord(name);
  if (!record) throw inputError(`profile ${name} is not up: no experiment record`, `rebound up ${profileArg}`);
  return record;
}
