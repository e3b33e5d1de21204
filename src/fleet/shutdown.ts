// Stops sandbox daemons (all, or one profile's; their data stays for the next start) and the bridges nothing
// uses any more. `rebound engine down` and the end of a run share it.
import { removeBridgeIfUnused } from "../daemon/bridge.js";
import { removeForwardingWithin, removeNodeNetwork } from "../daemon/node-network.js";
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
  // A stopped swarm node's namespace would keep its veth on the bridge: the next start makes it again.
  for (const daemon of sandboxes) if (daemon.spec.node && (await daemon.pid()) === undefined) await removeNodeNetwork(daemon.spec.node);
  for (const record of await listRecords()) {
    if (profile !== undefined && record.profile !== profile) continue;
    if ((await removeBridgeIfUnused(record.bridgeName)) !== "in-use") await removeForwardingWithin(record.bridgeName);
  }
  return { stopped: stopped.sort() };
}
