// The sandbox daemons rebound has made on this machine, found from their spec files under REBOUND_HOME.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { reboundHome, sandboxPaths } from "./paths.js";
import { SandboxDaemon, type SandboxSpec } from "./sandbox-daemon.js";

export async function loadSandbox(name: string): Promise<SandboxDaemon | undefined> {
  try {
    const spec = JSON.parse(await readFile(sandboxPaths(name).specFile, "utf8")) as SandboxSpec;
    return new SandboxDaemon({ name: spec.name, options: spec.options, owner: spec.owner });
  } catch {
    return undefined;
  }
}

export async function listSandboxes(): Promise<SandboxDaemon[]> {
  const names = await readdir(join(reboundHome(), "sandboxes")).catch(() => [] as string[]);
  const sandboxes = await Promise.all(names.sort().map(loadSandbox));
  return sandboxes.filter((sandbox): sandbox is SandboxDaemon => sandbox !== undefined);
}
