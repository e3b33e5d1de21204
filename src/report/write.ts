// Writes the report files a run or `rebound report` was asked for, creating their directories.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { inputError } from "../errors.js";
import type { RunResult } from "../run/result.js";
import { formatHtml } from "./html.js";
import { formatJunit } from "./junit.js";
import { formatMarkdown } from "./markdown.js";

export interface ReportFiles {
  json?: string;
  junit?: string;
  markdown?: string;
  html?: string;
}

const RENDER: Record<keyof ReportFiles, (result: RunResult) => string> = {
  json: (result) => JSON.stringify(result, null, 2) + "\n",
  junit: formatJunit,
  markdown: formatMarkdown,
  html: formatHtml,
};

/** Returns the absolute paths written, in the order json, junit, markdown, html. */
export async function writeReports(result: RunResult, files: ReportFiles): Promise<string[]> {
  const written: string[] = [];
  for (const format of Object.keys(RENDER) as (keyof ReportFiles)[]) {
    const path = files[format];
    if (path === undefined || path === "") continue;
    written.push(await writeReportFile(format, path, RENDER[format](result)));
  }
  return written;
}

/**
 * Writes one report file, creating its directory. A path that cannot be written is the user's to fix (exit 2),
 * and names the option so it is not mistaken for a Docker socket problem. Returns the absolute path.
 */
export async function writeReportFile(option: string, path: string, text: string): Promise<string> {
  const target = resolve(path);
  try {
    await makeDirectory(dirname(target));
    await writeFile(target, text, "utf8");
  } catch (error) {
    throw inputError(`cannot write the --${option} report to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return target;
}

/**
 * mkdir -p by hand: Node's { recursive: true } never returns where mkdir answers ENOENT under an existing
 * parent (/proc/nope on Node 20), so `--json /proc/nope/x.json` would hang instead of failing.
 */
async function makeDirectory(dir: string): Promise<void> {
  const exists = (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  };
  try {
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT" || dirname(dir) === dir) return exists(error);
    await makeDirectory(dirname(dir));
    await mkdir(dir).catch(exists);
  }
}
