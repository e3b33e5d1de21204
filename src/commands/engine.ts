// rebound engine status|down: the sandbox Docker daemons rebound started on this machine.
import { removeBridgeIfUnused } from "../daemon/bridge.js";
import { ensureEngine } from "../daemon/engine.js";
import { run } from "../util/subprocess.js";
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

/**
 * Stops the sandbox daemons (all, or one profile's; their data stays for the next start) and the bridges
 * nothing uses any more.
 */
export async function engineDown(profile?: string, log: (line: string) => void = () => {}): Promise<{ stopped: string[] }> {
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

export async function engineInstall(log: (line: string) => void): Promise<{ dockerd: string }> {
  await ensureEngine(log);
  return { dockerd: (await run("sh", ["-c", "command -v dockerd"])).trim() };
}
