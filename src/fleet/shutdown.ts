// Stops sandbox daemons (all, or one profile's; their data stays for the next start) and the bridges nothing
// uses any more. `rebound engine down` and the end of a run share it.
import { removeBridgeIfUnused } from "../daemon/bridge.js";
import { listSandboxes } from "../daemon/sandbox-registry.js";
import { listRecords } from "../experiment/record.js";

export async function stopSandboxes(profile?: string, log: (line: string) => void = () => {}): Promise<{ stopped: string[] }> {
  const stopped: string[] = [];
  const sandboxes = (await listSandboxes()).filter((daemon) => profile === undefined || daemon.spec.owner?.profile === profile);
  await Promise.all(
    sandboxes.map(async (daemon) => {
      if ((await daemon.pid()) === undefined) return;
      log(`stopping ${daemon.name}`);
      await daemon.stop();
      stopped.push(daemon.name);
    }),
  );
  for (const record of await listRecords()) {
    if (profile === undefined || record.profile === profile) await removeBridgeIfUnused(record.bridgeName);
  }
  return { stopped: stopped.sort() };
}
