// The audit's JUnit file: audit changes nothing but the one file it is asked to write, and never half of it.
import { randomBytes } from "node:crypto";
import { rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { inputError } from "../errors.js";

const HINT = "audit creates no directories: create it first, or name a file in an existing directory";

/**
 * Checked before the audit reads anything, so a path that cannot be written costs nothing and prints nothing:
 * its directory must exist (audit does not create one) and the path must not be a directory itself.
 */
export async function checkAuditFile(option: string, path: string): Promise<string> {
  const target = resolve(path);
  const dir = dirname(target);
  const kind = async (p: string) => stat(p).then((s) => (s.isDirectory() ? "directory" : "file"), (e: NodeJS.ErrnoException) => e.code ?? "unreadable");
  const dirKind = await kind(dir);
  if (dirKind !== "directory") {
    const why = dirKind === "ENOENT" ? "no such directory" : dirKind === "file" ? "not a directory" : dirKind;
    throw inputError(`cannot write the --${option} report to ${target}: ${dir}: ${why}`, HINT);
  }
  if ((await kind(target)) === "directory") throw inputError(`cannot write the --${option} report to ${target}: it is a directory`);
  return target;
}

/** Written next to its place and renamed over it: a reader sees the old file or the whole new one. */
export async function writeAuditFile(option: string, path: string, text: string): Promise<string> {
  const target = await checkAuditFile(option, path);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await writeFile(temp, text, { encoding: "utf8", flag: "wx" });
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw inputError(`cannot write the --${option} report to ${target}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return target;
}
