// The sandbox daemons rebound has made on this machine, found from their spec files under REBOUND_HOME.
import { join } from "node:path";
import { z } from "zod";
import { inputError } from "../errors.js";
import { readJsonFile } from "../util/parse-json.js";
import { BRIDGE_PATTERN, isSandboxDirName, NAME_PATTERN } from "./names.js";
import { reboundHome, sandboxPaths } from "./paths.js";
import { SandboxDaemon, type SandboxSpec } from "./sandbox-daemon.js";
import { listStateDir } from "./state-dir.js";

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const specSchema = z.object({
  name: z.string(),
  options: z.object({ liveRestore: z.boolean(), shutdownTimeout: z.number() }),
  owner: z.object({ profile: z.string().regex(NAME_PATTERN), host: z.string().regex(NAME_PATTERN) }).optional(),
  // Names and addresses a start hands to ip(8) and nsenter: only what rebound itself makes is accepted.
  node: z
    .object({
      netns: z.string().regex(/^rbn-[0-9a-f]{10}$/),
      hostLink: z.string().regex(/^rbn[0-9a-f]{10}$/),
      address: z.string().regex(IPV4),
      prefixLength: z.number().int().min(8).max(30),
      gateway: z.string().regex(IPV4),
      bridge: z.string().regex(BRIDGE_PATTERN),
    })
    .optional(),
}) satisfies z.ZodType<SandboxSpec>;

// Guessing a corrupt spec's options would start the daemon differently from the one that made its data-root.
const HINT = "check that no dockerd runs with its data-root (ps -ef | grep dockerd), then move its directory aside";

/** undefined when there is no spec file (a directory left half-made); a spec that is there must be valid. */
export async function loadSandbox(name: string): Promise<SandboxDaemon | undefined> {
  // The name becomes a directory, and the spec's own name every path the daemon uses: both stay inside sandboxes/.
  if (!isSandboxDirName(name)) throw inputError(`${JSON.stringify(name)}: not a sandbox daemon name`);
  const file = sandboxPaths(name).specFile;
  const spec = await readJsonFile(file, specSchema, { article: "a", noun: "sandbox spec" }, HINT);
  if (spec && spec.name !== name) throw inputError(`${file}: not the sandbox spec of ${name}: it names ${JSON.stringify(spec.name)}`, HINT);
  return spec && new SandboxDaemon({ name: spec.name, options: spec.options, owner: spec.owner, ...(spec.node ? { node: spec.node } : {}) });
}

export async function listSandboxes(): Promise<SandboxDaemon[]> {
  // A stray entry rebound never names is not a sandbox: it is left alone, not read.
  const names = (await listStateDir(join(reboundHome(), "sandboxes"))).filter(isSandboxDirName);
  const sandboxes = await Promise.all(names.sort().map(loadSandbox));
  return sandboxes.filter((sandbox): sandbox is SandboxDaemon => sandbox !== undefined);
}
