// rebound engine status|down: the sandbox Docker daemons rebound started on this machine.
import { removeBridgeIfUnused } from "../daemon/bridge.js";
import { listSandboxes } from "../daemon/sandbox-registry.js";
import { listRecords } from "../experiment/record.js";

export interface SandboxRow {
  name: string;
  profile?: string;
  host?: string;
  running: boolean;
  pid?: number;
  endpoint: string;
  liveRestore: boolean;
  dataRoot: string;
}

export async function engineStatus(): Promise<SandboxRow[]> {
  return Promise.all(
    (await listSandboxes()).map(async (daemon) => {
      const status = await daemon.status();
      return {
        name: daemon.name,
        profile: daemon.spec.owner?.profile,
        host: daemon.spec.owner?.host,
        running: status.running,
        pid: status.pid,
        endpoint: status.endpoint,
        liveRestore: daemon.spec.options.liveRestore,
        dataRoot: daemon.paths.dataRoot,
      };
    }),
  );
}

/** Stops every sandbox daemon (their data stays for the next start) and the bridges nothing uses any more. */
export async function engineDown(log: (line: string) => void = () => {}): Promise<{ stopped: string[] }> {
  const stopped: string[] = [];
  await Promise.all(
    (await listSandboxes()).map(async (daemon) => {
      if ((await daemon.pid()) === undefined) return;
      log(`stopping ${daemon.name}`);
      await daemon.stop();
      stopped.push(daemon.name);
    }),
  );
  for (const record of await listRecords()) await removeBridgeIfUnused(record.bridgeName);
  return { stopped: stopped.sort() };
}
