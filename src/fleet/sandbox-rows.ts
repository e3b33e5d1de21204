// The sandbox Docker daemons rebound has made on this machine, running or not, as rows for `engine status`.
import { listSandboxes } from "../daemon/sandbox-registry.js";

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
