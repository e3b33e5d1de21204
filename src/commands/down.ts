// rebound down [PROFILE]: removes exactly what `up` made (volumes only with --volumes); safe to repeat.
import { requireRoot } from "../daemon/engine.js";
import { listRecords, readRecord } from "../experiment/record.js";
import { recordHosts } from "../fleet/sandbox-hosts.js";
import { leaveSwarm, removeSwarmNodes } from "../fleet/swarm-teardown.js";
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
    const hosts = await recordHosts(record);
    if (record.orchestrator !== "swarm") {
      results.push(await teardown(record, hosts, options));
      continue;
    }
    // A swarm's services would start their tasks again: they go first, then the swarm, then what is left by label.
    await leaveSwarm(record, hosts, options.log);
    const result = await teardown(record, hosts, options);
    result.bridge = await removeSwarmNodes(record, hosts, options.log);
    results.push(result);
  }
  return results;
}
