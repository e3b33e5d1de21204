// The endpoints of running sandbox daemons for `rebound audit --sandbox [PROFILE]`.
import { inputError } from "../../errors.js";
import { listSandboxes } from "../../daemon/sandbox-registry.js";
import { resolveProfileName } from "../../profile/profile-arg.js";

export async function sandboxEndpoints(profileArg: string | undefined): Promise<string[]> {
  const profile = profileArg === undefined ? undefined : await resolveProfileName(profileArg);
  const sandboxes = (await listSandboxes()).filter((s) => profile === undefined || s.spec.owner?.profile === profile);
  const running = [];
  for (const sandbox of sandboxes) {
    const status = await sandbox.status();
    if (status.running) running.push(status.endpoint);
  }
  if (running.length === 0) {
    throw inputError(profile ? `no sandbox daemon of profile ${profile} is running` : "no sandbox daemon is running", "rebound up PROFILE starts them; rebound engine status lists them");
  }
  return running;
}
