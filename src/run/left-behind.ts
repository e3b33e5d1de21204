// What a cut-off run leaves on the machine once its faults are undone (its experiment still up, sandbox
// daemons still running), each with the command that removes it.
import { listSandboxes } from "../daemon/sandbox-registry.js";
import { readRecord } from "../experiment/record.js";

export async function leftOf(profile: string, options: { keep: boolean; replaced: boolean }): Promise<string[]> {
  const removal = `rebound down ${profile} --volumes && rebound engine down ${profile}`;
  if (options.replaced) return [`${profile} has been brought up again since this run; that experiment is not this run's to remove (${removal} removes it)`];
  const record = await readRecord(profile).catch((error: Error) => error);
  if (record instanceof Error) return [`the experiment record of ${profile} is unreadable: ${record.message}`];
  const running: string[] = [];
  for (const daemon of await listSandboxes()) {
    if (daemon.spec.owner?.profile === profile && (await daemon.pid()) !== undefined) running.push(daemon.name);
  }
  const daemons = running.length > 0 ? `, sandbox daemon(s) ${running.join(", ")} running` : "";
  if (record) return [`experiment ${profile} (${record.experimentId}) is still up${options.keep ? " (kept by --keep)" : ""}${daemons}: ${removal} removes it`];
  if (running.length > 0) return [`sandbox daemon(s) ${running.join(", ")} still run: rebound engine down ${profile} stops them`];
  return [];
}
