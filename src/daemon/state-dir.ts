// Lists a directory of rebound's state under REBOUND_HOME: missing is empty, anything else unreadable is an error.
import { readdir } from "node:fs/promises";
import { environmentError, inputError } from "../errors.js";
import { reboundHome } from "./paths.js";

/**
 * The entries of a state directory. Only a missing directory means "nothing yet": a REBOUND_HOME that is a file
 * is the user's setting gone wrong (exit 2, like a bad option), one the machine will not let rebound read is
 * the environment's (exit 3); neither may pass for "no experiment is up".
 */
export async function listStateDir(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return [];
    const home = reboundHome(env);
    if (code === "ENOTDIR") {
      throw inputError(`REBOUND_HOME=${home}: ${dir} is not a directory`, "point REBOUND_HOME at a directory (or unset it for ~/.rebound)");
    }
    throw environmentError(`REBOUND_HOME=${home}: cannot read ${dir}: ${code ?? (error as Error).message}`);
  }
}
