// The engine a run used and what `rebound matrix` measured it doing, for restart-policy's evidence. Neither is
// needed to judge a run: an engine that does not say its version, or a matrix file that cannot be read, costs only
// the citation, and the line says why.
import type { RunFacts } from "../checks/types.js";
import type { FleetHost } from "../fleet/hosts.js";
import { readMatrix } from "../matrix/store.js";

export async function engineFacts(hosts: FleetHost[], log: (line: string) => void): Promise<RunFacts["engine"]> {
  const host = hosts[0];
  if (!host) return undefined;
  let version: string;
  try {
    version = (await host.engine.version()).version;
  } catch (error) {
    log(`engine version unknown (${(error as Error).message}): restart-policy cannot cite rebound matrix`);
    return undefined;
  }
  try {
    const matrix = await readMatrix(version);
    if (!matrix) log(`dockerd ${version} was never measured: \`rebound matrix\` tells what it does with each restart policy`);
    return { version, ...(matrix ? { matrix } : {}) };
  } catch (error) {
    log(`${(error as Error).message}: restart-policy will not cite it`);
    return { version };
  }
}
