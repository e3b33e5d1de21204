// rebound engine status|down: the sandbox Docker daemons rebound started on this machine.
import { ensureEngine } from "../daemon/engine.js";
import { run } from "../util/subprocess.js";
import { stopSandboxes } from "../fleet/shutdown.js";

export { engineStatus, type SandboxRow } from "../fleet/sandbox-rows.js";

/** Stops the sandbox daemons (all, or one profile's); their data stays for the next start. */
export const engineDown = (profile?: string, log: (line: string) => void = () => {}) => stopSandboxes(profile, log);

export async function engineInstall(log: (line: string) => void): Promise<{ dockerd: string }> {
  await ensureEngine(log);
  return { dockerd: (await run("sh", ["-c", "command -v dockerd"])).trim() };
}
