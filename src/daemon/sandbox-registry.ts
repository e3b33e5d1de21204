// The sandbox daemons rebound has made on this machine, found from their spec files under REBOUND_HOME.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { readJsonFile } from "../util/parse-json.js";
import { reboundHome, sandboxPaths } from "./paths.js";
import { SandboxDaemon, type SandboxSpec } from "./sandbox-daemon.js";

const specSchema = z.object({
  name: z.string(),
  options: z.object({ liveRestore: z.boolean(), shutdownTimeout: z.number() }),
  owner: z.object({ profile: z.string(), host: z.string() }).optional(),
}) satisfies z.ZodType<SandboxSpec>;

// Guessing a corrupt spec's options would start the daemon differently from the one that made its data-root.
const HINT = "check that no dockerd runs with its data-root (ps -ef | grep dockerd), then move its directory aside";

/** undefined when there is no spec file (a directory left half-made); a spec that is there must be valid. */
export async function loadSandbox(name: string): Promise<SandboxDaemon | undefined> {
  const spec = await readJsonFile(sandboxPaths(name).specFile, specSchema, { article: "a", noun: "sandbox spec" }, HINT);
  return spec && new SandboxDaemon({ name: spec.name, options: spec.options, owner: spec.owner });
}

export async function listSandboxes(): Promise<SandboxDaemon[]> {
  const names = await readdir(join(reboundHome(), "sandboxes")).catch(() => [] as string[]);
  const sandboxes = await Promise.all(names.sort().map(loadSandbox));
  return sandboxes.filter((sandbox): sandbox is SandboxDaemon => sandbox !== undefined);
}
