// Writes the report files a run or `rebound report` was asked for, creating their directories.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
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
    const target = resolve(path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, RENDER[format](result), "utf8");
    written.push(target);
  }
  return written;
}
