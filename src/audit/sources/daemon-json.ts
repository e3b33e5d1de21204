// Reads a daemon.json (the only I/O of this source): the keys restart readiness depends on, with their lines.
import { readFile } from "node:fs/promises";
import { inputError } from "../../errors.js";
import type { DaemonConfigFile } from "../daemon-subject.js";

function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return `${line}:${offset - before.lastIndexOf("\n")}`;
}

/** Where JSON.parse gave up: the longest prefix that is merely unfinished, not wrong (V8 does not always say). */
function errorOffset(text: string): number {
  const fineSoFar = (n: number) => {
    try {
      JSON.parse(text.slice(0, n));
      return true;
    } catch (err) {
      const message = (err as Error).message;
      const at = /position (\d+)/.exec(message);
      return /end of JSON input/.test(message) || (at !== null && Number(at[1]) >= n);
    }
  };
  let [low, high] = [0, text.length];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fineSoFar(mid)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Pure: daemon.json text -> the settings the audit reads; a located input error when it is not JSON. */
export function parseDaemonJson(text: string, file: string): DaemonConfigFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const offset = errorOffset(text);
    const found = offset < text.length ? JSON.stringify(text[offset]) : "end of file";
    throw inputError(`${file}:${position(text, offset)}: invalid JSON: unexpected ${found}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw inputError(`${file}:1:1: expected a JSON object`);
  const value = (parsed as Record<string, unknown>)["live-restore"];
  if (value === undefined) return { file };
  if (typeof value !== "boolean") throw inputError(`${file}:${position(text, text.indexOf('"live-restore"'))}: "live-restore" must be true or false`);
  return { file, liveRestore: { value, line: text.slice(0, text.indexOf('"live-restore"')).split("\n").length } };
}

export async function readDaemonJson(file: string): Promise<DaemonConfigFile> {
  const text = await readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw inputError(`cannot read daemon configuration ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  });
  return parseDaemonJson(text, file);
}
