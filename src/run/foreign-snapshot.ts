// The user's own containers on the experiment's engines, as they stand right now: recorded before each fault and
// when observation ends, so containment can tell whether a daemon fault left one of them down.
import type { FleetHost } from "../fleet/hosts.js";
import type { MethodObserver } from "./method.js";

export async function recordForeign(hosts: FleetHost[], experimentId: string, observer: MethodObserver, log: (line: string) => void, before?: string): Promise<void> {
  await Promise.all(
    hosts.map(async (host) => {
      try {
        const t = observer.now();
        for (const c of await host.engine.listOthers({ experiment: experimentId })) {
          observer.record({ kind: "foreign", t, host: host.key, container: c.name, running: c.running, status: c.status, restart: c.restartPolicy, ...(before ? { before } : {}) });
        }
      } catch (error) {
        // Not read is not "down": containment says it could not see the container again instead of failing it.
        log(`host ${host.key}: the containers that are not the experiment's could not be listed (${(error as Error).message})`);
      }
    }),
  );
}
