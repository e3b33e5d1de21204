// A mark, next to a sandbox's spec, that the user stopped its daemon on purpose (`rebound engine down`): an
// undo journaled before that moment must not start it again. Only its time matters, so it never needs clearing.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { sandboxPaths } from "./paths.js";

const markerOf = (name: string) => join(sandboxPaths(name).dir, "stopped-on-purpose");

/** Records now as the moment `by` stopped the sandbox; a sandbox without a directory has nothing to mark. */
export async function markStoppedOnPurpose(name: string, by: string, now = new Date()): Promise<void> {
  await writeFile(markerOf(name), JSON.stringify({ at: now.toISOString(), by }) + "\n").catch(() => undefined);
}

/** When and by what the sandbox was last stopped on purpose; undefined when never (or unreadable: not a stop). */
export async function stoppedOnPurpose(name: string): Promise<{ at: Date; by: string } | undefined> {
  try {
    const { at, by } = JSON.parse(await readFile(markerOf(name), "utf8")) as { at?: unknown; by?: unknown };
    const when = typeof at === "string" ? new Date(at) : undefined;
    return when && !Number.isNaN(when.getTime()) ? { at: when, by: typeof by === "string" ? by : "rebound engine down" } : undefined;
  } catch {
    return undefined;
  }
}
