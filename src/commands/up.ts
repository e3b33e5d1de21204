// rebound up PROFILE: load and check the profile, make sure an engine exists, then bring the fleet up.
import { ensureEngine, requireRoot } from "../daemon/engine.js";
import { loadProfile } from "../profile/load.js";
import { bringUp, type UpOptions, type UpResult } from "../run/bring-up.js";
import { bringUpSwarm } from "../run/swarm-bring-up.js";

export async function up(profilePath: string, options: UpOptions): Promise<UpResult> {
  const profile = await loadProfile(profilePath);
  requireRoot();
  await ensureEngine((line) => options.progress.info(line));
  if (profile.orchestrator === "swarm") return (await bringUpSwarm(profile, profilePath, options)).result;
  return (await bringUp(profile, profilePath, options)).result;
}
