// rebound engine status|down: the sandbox Docker daemons rebound started on this machine.
import { ensureEngine } from "../daemon/engine.js";
import { listSandboxes } from "../daemon/sandbox-registry.js";
import { markStoppedOnPurpose } from "../daemon/stopped-on-purpose.js";
import { run } from "../util/subprocess.js";
import { stopSandboxes } from "../fleet/shutdown.js";

export { engineStatus, type SandboxRow } from "../fleet/sandbox-rows.js";

/**
 * Stops the sandbox daemons (all, or one profile's); their data stays for the next start. Each is marked as
 * stopped on purpose first, running or not, so `recover` of an older run does not start it again.
 */
export async function engineDown(profile?: string, log: (line: string) => void = () => {}): Promise<{ stopped: string[] }> {
  const sandboxes = (await listSandboxes()).filter((daemon) => profile === undefined || daemon.spec.owner?.profile === profile);
  await Promise.all(sandboxes.map((daemon) => markStoppedOnPurpose(daemon.name, `rebound engine down${profile ? ` ${profile}` : ""}`)));
  return stopSandboxes(profile, log);
}

export async function engineInstall(log: (line: string) => void): Promise<{ dockerd: string }> {
  await ensureEngine(log);
  return { dockerd: (await run("sh", ["-c", "command -v dockerd"])).trim() };
}
