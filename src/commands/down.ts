// rebound down [PROFILE]: removes exactly what `up` made (volumes only with --volumes); safe to repeat.
import { requireRoot } from "../daemon/engine.js";
import { listRecords, readRecord } from "../experiment/record.js";
import { recordHosts } from "../fleet/sandbox-hosts.js";
import { resolveProfileName } from "../profile/profile-arg.js";
import { teardown, type TeardownResult } from "../run/teardown.js";

export async function down(
  profileArg: string | undefined,
  options: { volumes: boolean; log?: (line: string) => void },
): Promise<TeardownResult[]> {
  const records =
    profileArg === undefined ? await listRecords() : [await readRecord(await resolveProfileName(profileArg))];
  const results: TeardownResult[] = [];
  for (const record of records) {
    // Nothing recorded means nothing of ours is up: down is idempotent, not an error.
    if (!record) continue;
    requireRoot();
    results.push(await teardown(record, await recordHosts(record), options));
  }
  return results;
}
