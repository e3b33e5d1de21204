// Reads a profile file into a validated Profile, or into every problem it has, each with file:line:column.
import { readFile } from "node:fs/promises";
import { LineCounter, isMap, parseDocument, type Document } from "yaml";
import { inputError } from "../errors.js";
import { formatIssue, type PlacedMessage } from "./format-issue.js";
import { locate, renderPath } from "./locate.js";
import { checkRules } from "./rules.js";
import { profileSchema, type Profile } from "./schema.js";

export interface ProfileIssue {
  file: string;
  line: number;
  column: number;
  /** Where in the profile, e.g. smeshers[1].restart; empty for the document as a whole. */
  path: string;
  message: string;
}

export type ProfileResult = { ok: true; profile: Profile } | { ok: false; errors: ProfileIssue[] };

function syntaxMessage(code: string, message: string): string {
  // yaml's own wording for this one names an API the profile author never calls.
  if (code === "MULTIPLE_DOCS") return "invalid yaml: a profile holds one document, found a second one";
  const first = message.split("\n")[0] ?? message;
  return `invalid yaml: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

function describeTop(doc: Document): string {
  const js: unknown = doc.toJS();
  if (js === null || js === undefined) return "empty profile: expected a mapping with name, hosts and smeshers";
  const kind = Array.isArray(js) ? "list" : typeof js;
  return `expected a mapping at the top level, got ${kind}`;
}

function byPosition(a: ProfileIssue, b: ProfileIssue): number {
  return a.line - b.line || a.column - b.column;
}

/** Parses and validates profile text; `fileLabel` is what issues name as their file. */
export function parseProfile(text: string, fileLabel: string): ProfileResult {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const at = (line: number, column: number, path: string, message: string): ProfileIssue => ({
    file: fileLabel,
    line,
    column,
    path,
    message,
  });

  if (doc.errors.length > 0) {
    // Past a syntax error the tree is a guess; validating it would only add noise.
    const errors = doc.errors.map((err) => {
      const { line, col } = lc.linePos(err.pos[0]);
      return at(line, col, "", syntaxMessage(err.code, err.message));
    });
    return { ok: false, errors: errors.sort(byPosition) };
  }
  if (!isMap(doc.contents)) return { ok: false, errors: [at(1, 1, "", describeTop(doc))] };

  const place = (items: PlacedMessage[]): ProfileIssue[] =>
    items
      .map((item) => {
        const { line, column } = locate(doc, lc, item);
        return at(line, column, renderPath(item.path), item.message);
      })
      .sort(byPosition);

  const parsed = profileSchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    return { ok: false, errors: place(parsed.error.issues.flatMap((issue) => formatIssue(issue, profileSchema))) };
  }
  const broken = checkRules(parsed.data);
  if (broken.length > 0) return { ok: false, errors: place(broken) };
  return { ok: true, profile: parsed.data };
}

/** One line per issue, FILE:LINE:COL: PATH: MESSAGE, the form editors and CI logs turn into links. */
export function formatProfileIssues(issues: readonly ProfileIssue[]): string {
  return issues
    .map((i) => `${i.file}:${i.line}:${i.column}: ${i.path === "" ? "" : `${i.path}: `}${i.message}`)
    .join("\n");
}

const READ_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EISDIR: "it is a directory",
};

/** Reads and validates a profile file; throws an input error listing every issue. */
export async function loadProfile(path: string): Promise<Profile> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? "";
    const reason = READ_ERRORS[code] ?? (err as Error).message;
    throw inputError(`cannot read profile ${path}: ${reason}`);
  }
  const result = parseProfile(text, path);
  if (!result.ok) throw inputError(formatProfileIssues(result.errors));
  return result.profile;
}
