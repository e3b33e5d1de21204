// Reads compose files from disk (the only I/O of the compose source); a group of files is one project.
import { readFile } from "node:fs/promises";
import { inputError } from "../../errors.js";
import type { Env } from "./interpolate.js";
import { mergeServices } from "./merge.js";
import type { ComposeProject } from "./model.js";
import { parseCompose } from "./parse.js";

const REASONS: Record<string, string> = { ENOENT: "no such file", EACCES: "permission denied", EISDIR: "it is a directory" };

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    throw inputError(`cannot read compose file ${file}: ${REASONS[code] ?? (err as Error).message}`);
  }
}

/** `files` are merged in order, like docker compose -f a.yml -f b.yml. */
export async function readComposeProject(files: string[], env: Env = process.env): Promise<ComposeProject> {
  const parsed = [];
  for (const file of files) parsed.push(parseCompose(await readText(file), file, env));
  return { files, services: mergeServices(parsed) };
}
