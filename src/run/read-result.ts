// A finished run's result, read back for `rebound report`: next to its journal, checked against its schema.
import { inputError } from "../errors.js";
import { readJsonFile } from "../util/parse-json.js";
import type { RunResult } from "./result.js";
import { runResultSchema } from "./result-schema.js";
import { resultNextTo } from "./run-paths.js";

export async function readRunResult(journalPath: string): Promise<RunResult> {
  const path = resultNextTo(journalPath);
  const changed = "rebound writes run.json when a run ends; this one was changed or written by another version";
  const result = await readJsonFile(path, runResultSchema, { article: "a", noun: "run result" }, changed);
  if (!result) throw inputError(`cannot read the run's result ${path}: ENOENT`, "a run writes it when it ends; rebound recover finishes runs that were cut off");
  return result;
}
