// Reads a profile file into a validated Profile, or into every problem it has, each with file:line:column.
import { isMap, type Document, type LineCounter } from "yaml";
import { inputError } from "../errors.js";
import { escapeControl } from "./escape.js";
import { formatIssue, type PlacedMessage } from "./format-issue.js";
import { MAX_ALIAS_EXPANSION, MAX_REPORTED_ISSUES } from "./limits.js";
import { createLocator, renderPath } from "./locate.js";
import { readProfileBytes } from "./read-file.js";
import { checkRules } from "./rules.js";
import { daemonFaultConsent, type ContextSchemes } from "./existing-host-rules.js";
import { profileSchema, type Profile } from "./schema.js";
import { parseYaml } from "./yaml-document.js";

export interface ProfileIssue {
  file: string;
  line: number;
  column: number;
  /** Where in the profile, e.g. smeshers[1].restart; empty for the document as a whole. */
  path: string;
  message: string;
}

export type ProfileResult = { ok: true; profile: Profile } | { ok: false; errors: ProfileIssue[] };

function describeTop(js: unknown): string {
  if (js === null || js === undefined) return "empty profile: expected a mapping with name, hosts and smeshers";
  const kind = Array.isArray(js) ? "list" : typeof js;
  return `expected a mapping at the top level, got ${kind}`;
}

function byPosition(a: ProfileIssue, b: ProfileIssue): number {
  return a.line - b.line || a.column - b.column;
}

/** The document as plain data; yaml's own alias guard stays on behind the loader's checks, its error located. */
function toData(doc: Document.Parsed): { data: unknown } | { error: string } {
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }) };
  } catch (err) {
    return { error: `invalid yaml: ${(err as Error).message}` };
  }
}

/** Parses and validates profile text; `fileLabel` is what issues name as their file. */
export interface ParseOptions {
  /** A run's --allow-daemon-faults: false refuses daemon faults on existing engines, at the fault; undefined skips the question (validate, audit). */
  allowDaemonFaults?: boolean;
  /** What each Docker context named by a host resolves to (`ssh`, `tcp`, `unix`), once a run has read them. */
  contextSchemes?: ContextSchemes;
}

export function parseProfile(text: string, fileLabel: string, options: ParseOptions = {}): ProfileResult {
  const { doc, lc, problems, targets } = parseYaml(text);
  const at = (line: number, column: number, path: string, message: string): ProfileIssue => ({
    file: fileLabel,
    line,
    column,
    path,
    message,
  });
  const atOffset = (lines: LineCounter, offset: number, message: string): ProfileIssue => {
    const { line, col } = lines.linePos(offset);
    return at(line, col, "", message);
  };

  if (problems.length > 0 || !doc) {
    return { ok: false, errors: problems.map((p) => atOffset(lc, p.offset, p.message)).sort(byPosition) };
  }
  const converted = toData(doc);
  if ("error" in converted) return { ok: false, errors: [at(1, 1, "", converted.error)] };
  if (!isMap(doc.contents)) return { ok: false, errors: [at(1, 1, "", describeTop(converted.data))] };

  const locator = createLocator(doc, lc, targets);
  const place = (items: PlacedMessage[]): ProfileIssue[] =>
    items
      .map((item) => {
        const { line, column } = locator(item);
        return at(line, column, renderPath(item.path), item.message);
      })
      .sort(byPosition);

  const parsed = profileSchema.safeParse(converted.data, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, errors: place(parsed.error.issues.flatMap((issue) => formatIssue(issue, profileSchema))) };
  }
  const broken = [...checkRules(parsed.data, options.contextSchemes), ...(options.allowDaemonFaults === false ? daemonFaultConsent(parsed.data) : [])];
  if (broken.length > 0) return { ok: false, errors: place(broken) };
  return { ok: true, profile: parsed.data };
}

/**
 * One line per issue, FILE:LINE:COL: PATH: MESSAGE, the form editors and CI logs turn into links; the first
 * `cap` in full, then one line counting the rest. Control characters are escaped: keys and values come from the file.
 */
export function formatProfileIssues(issues: readonly ProfileIssue[], cap = MAX_REPORTED_ISSUES): string {
  const lines = issues
    .slice(0, cap)
    .map((i) => escapeControl(`${i.file}:${i.line}:${i.column}: ${i.path === "" ? "" : `${i.path}: `}${i.message}`));
  const rest = issues.length - cap;
  if (rest > 0) lines.push(`and ${rest} more problem${rest === 1 ? "" : "s"}`);
  return lines.join("\n");
}

/** Profile bytes as text; bytes that are not UTF-8 are a located problem, never silently replaced. */
function decode(bytes: Buffer, fileLabel: string): string | ProfileIssue {
  const text = bytes.toString("utf8");
  if (!text.includes("\uFFFD") || Buffer.from(text, "utf8").equals(bytes)) return text;
  // The first replacement character marks the first bad byte (unless the file spells one out earlier).
  const before = text.slice(0, text.indexOf("\uFFFD")).split("\n");
  const line = before.length;
  const column = (before[line - 1] ?? "").length + 1;
  return { file: fileLabel, line, column, path: "", message: "not UTF-8 text: a profile is a UTF-8 YAML file" };
}

/** Validates a profile file's bytes: what loadProfile does once the file is read. */
export function parseProfileBytes(bytes: Buffer, fileLabel: string, options: ParseOptions = {}): ProfileResult {
  const text = decode(bytes, fileLabel);
  return typeof text === "string" ? parseProfile(text, fileLabel, options) : { ok: false, errors: [text] };
}

/** Reads and validates a profile file; throws an input error listing its issues (the first 20, then a count). */
export async function loadProfile(path: string, options: ParseOptions = {}): Promise<Profile> {
  const result = parseProfileBytes(await readProfileBytes(path), path, options);
  if (!result.ok) throw inputError(formatProfileIssues(result.errors));
  return result.profile;
}
