// A run's removal of its experiment, journaled before, during and after, so a kill at any moment of it leaves
// a journal that says how far it got and `recover` can finish it (every step is safe to repeat).
import { readRecord } from "../experiment/record.js";
import { recordHosts } from "../fleet/sandbox-hosts.js";
import { stopSandboxes } from "../fleet/shutdown.js";
import type { FleetHost } from "../fleet/hosts.js";
import type { Journal } from "../journal/journal.js";
import type { ExperimentRecord } from "../experiment/record.js";
import { teardown } from "./teardown.js";

/**
 * Removes the experiment (containers, networks, volumes, bridge, record, by labels) and stops the profile's
 * sandbox daemons. Resolves with what it did; a failure is journaled, then thrown.
 */
export async function journaledTeardown(
  journal: Pick<Journal, "write">,
  profile: string,
  target: { record: ExperimentRecord; hosts: FleetHost[] } | undefined,
  log: (line: string) => void,
): Promise<string[]> {
  const did: string[] = [];
  const step = (detail: string) => {
    journal.write({ type: "teardown", phase: "progress", detail });
    did.push(detail);
  };
  journal.write({ type: "teardown", phase: "begin" });
  try {
    if (target) await teardown(target.record, target.hosts, { volumes: true, log, onStep: step });
    const { stopped } = await stopSandboxes(profile, log);
    step(stopped.length > 0 ? `stopped sandbox daemon(s) ${stopped.join(", ")}` : "no sandbox daemon of the profile running");
  } catch (error) {
    journal.write({ type: "teardown", phase: "failed", detail: (error as Error).message });
    throw error;
  }
  journal.write({ type: "teardown", phase: "done" });
  return did;
}

/**
 * What is left of a journal's experiment, for finishing its teardown: the record and its hosts while the record
 * still names that experiment. undefined when it is gone (teardown got past deleting it); "replaced" when the
 * profile has been brought up again since, whose experiment is not this run's to remove.
 */
export async function experimentOf(profile: string, experimentId: string | undefined): Promise<{ record: ExperimentRecord; hosts: FleetHost[] } | "replaced" | undefined> {
  const record = await readRecord(profile);
  if (!record) return undefined;
  if (experimentId !== undefined && record.experimentId !== experimentId) return "replaced";
  return { record, hosts: await recordHosts(record) };
}
