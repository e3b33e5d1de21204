// Where a run keeps its journal and result: REBOUND_HOME/runs/<run id>/.
import { readdir, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { reboundHome } from "../daemon/paths.js";

export const runsDir = () => join(reboundHome(), "runs");

export function runPaths(runId: string) {
  const dir = join(runsDir(), runId);
  const journal = join(dir, "journal.jsonl");
  return { dir, journal, result: resultNextTo(journal) };
}

/** A run's result sits next to its journal. */
export const resultNextTo = (journalPath: string) => join(dirname(journalPath), "run.json");

export function newRunId(profile: string, now = new Date()): string {
  return `${profile}-${now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-")}`;
}

/** Journals of earlier runs, newest first. */
export async function listJournals(): Promise<string[]> {
  const ids = await readdir(runsDir()).catch(() => [] as string[]);
  const withTimes = await Promise.all(
    ids.map(async (id) => ({ path: runPaths(id).journal, mtime: (await stat(runPaths(id).journal).catch(() => undefined))?.mtimeMs })),
  );
  return withTimes.filter((j) => j.mtime !== undefined).sort((a, b) => b.mtime! - a.mtime!).map((j) => j.path);
}
