// JSON read back from disk or HTTP, through a zod schema: a value, or one line saying what is wrong with it.
import { readFile } from "node:fs/promises";
import type { z } from "zod";
import { inputError } from "../errors.js";

/** zod's first issue in a few words with where it is, e.g. "genesisMs: expected number, received string". */
export function firstIssue(error: z.ZodError): string {
  const [issue] = error.issues;
  if (!issue) return "invalid";
  const where = issue.path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i > 0 ? "." : ""}${String(key)}`)).join("");
  const missing = issue.code === "invalid_type" && / received undefined$/.test(issue.message);
  const what = missing ? "missing" : issue.message.replace(/^Invalid input: /, "").replace(/^Invalid /, "invalid ");
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : "";
  return `${where ? `${where}: ` : ""}${what}${more}`;
}

/**
 * JSON text through a schema. On failure, why in a few words: "not <what>: <first issue>". Callers put the
 * file name in front, so a corrupt file is one line that says which file and what is wrong with it.
 */
export function parseJsonAs<T>(schema: z.ZodType<T>, text: string, what: string): { ok: true; value: T } | { ok: false; problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `not ${what}: invalid JSON (${(error as Error).message.split("\n")[0]})` };
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: `not ${what}: ${firstIssue(parsed.error)}` };
}

/**
 * A JSON state file through its schema: undefined when there is none, the value when it is valid, and an
 * input error naming the file otherwise. A file that is there but unreadable is never taken for a missing one.
 */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: { article: string; noun: string }, hint: string): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw inputError(`${path}: cannot read the ${what.noun}: ${code ?? (error as Error).message}`, hint);
  }
  const parsed = parseJsonAs(schema, text, `${what.article} ${what.noun}`);
  if (!parsed.ok) throw inputError(`${path}: ${parsed.problem}`, hint);
  return parsed.value;
}
