// A command's PROFILE argument is a profile file or the name of a profile that is up.
import { existsSync } from "node:fs";
import { requireProfileName } from "../daemon/names.js";
import { loadProfile } from "./load.js";

/** The profile's name; an argument that is neither a file nor a valid name is refused before anything is read. */
export async function resolveProfileName(arg: string): Promise<string> {
  if (existsSync(arg) || /\.ya?ml$/.test(arg)) return (await loadProfile(arg)).name;
  return requireProfileName(arg);
}
