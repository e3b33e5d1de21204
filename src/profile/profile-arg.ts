// A command's PROFILE argument is a profile file or the name of a profile that is up.
import { existsSync } from "node:fs";
import { loadProfile } from "./load.js";

export async function resolveProfileName(arg: string): Promise<string> {
  if (existsSync(arg) || /\.ya?ml$/.test(arg)) return (await loadProfile(arg)).name;
  return arg;
}
