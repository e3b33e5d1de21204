// Turns zod's issues into short, lower-case messages that say what was expected and what the file has.
import { z } from "zod";
import type { PathSegment, Target } from "./locate.js";

export interface PlacedMessage extends Target {
  message: string;
}

/** The schema that describes the value under `path`, looking through defaults and optionals. */
export function schemaAt(schema: z.core.$ZodType, path: readonly PathSegment[]): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (let i = 0; ; i++) {
    while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap();
    if (i === path.length || current === undefined) return current;
    const seg = path[i] as PathSegment;
    if (current instanceof z.ZodObject) current = current.shape[String(seg)];
    else if (current instanceof z.ZodArray) current = current.element;
    else if (current instanceof z.ZodRecord) current = current.valueType;
    else return undefined;
  }
}

function allowedKeys(schema: z.core.$ZodType, path: readonly PathSegment[]): string[] {
  const at = schemaAt(schema, path);
  return at instanceof z.ZodObject ? Object.keys(at.shape) : [];
}

const SHOWN = 40;

/**
 * The start of a value's JSON, at least `room` + 1 characters of it when it is longer: built piece by piece so
 * a 1 MiB list costs a few items, not a full serialisation per issue.
 */
function jsonStart(value: unknown, room: number): string {
  if (typeof value === "string") return JSON.stringify(value.length > room ? value.slice(0, room + 1) : value);
  if (Array.isArray(value)) {
    let out = "[";
    for (let i = 0; i < value.length && out.length <= room; i++) {
      out += `${i > 0 ? "," : ""}${value[i] === undefined ? "null" : jsonStart(value[i], room - out.length)}`;
    }
    return out.length <= room ? `${out}]` : out;
  }
  if (value !== null && typeof value === "object") {
    let out = "{";
    for (const key in value) {
      if (out.length > room) break;
      const item = (value as Record<string, unknown>)[key];
      if (item === undefined) continue;
      out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${jsonStart(item, room - out.length)}`;
    }
    return out.length <= room ? `${out}}` : out;
  }
  return JSON.stringify(value) ?? String(value);
}

/** A value as the file shows it, cut short so a long list never turns one line into ten. */
export function show(value: unknown): string {
  const json = jsonStart(value, SHOWN);
  return json.length > SHOWN ? `${json.slice(0, SHOWN - 3)}...` : json;
}

// Name types the way YAML calls them: a profile author writes mappings and lists, not objects and arrays.
const TYPE_NAMES: Record<string, string> = { object: "mapping", record: "mapping", array: "list" };

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  return TYPE_NAMES[typeof value] ?? typeof value;
}

function got(value: unknown): string {
  return value === null ? "got null" : `got ${kindOf(value)} ${show(value)}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function sizeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, value: unknown): string {
  const small = issue.code === "too_small";
  const limit = small ? (issue as z.core.$ZodIssueTooSmall).minimum : (issue as z.core.$ZodIssueTooBig).maximum;
  const n = Number(limit);
  if (issue.origin === "array" || issue.origin === "set") {
    return `expected ${small ? "at least" : "at most"} ${n} item${n === 1 ? "" : "s"}`;
  }
  if (issue.origin === "string") {
    return `expected ${small ? "at least" : "at most"} ${n} character${n === 1 ? "" : "s"}, got ${show(value)}`;
  }
  const op = small ? (issue.inclusive ? ">=" : ">") : issue.inclusive ? "<=" : "<";
  return `expected ${op} ${n}, got ${show(value)}`;
}

/** One zod issue becomes one message, or one per key for unknown keys, each with the spot to point at. */
export function formatIssue(issue: z.core.$ZodIssue, schema: z.core.$ZodType): PlacedMessage[] {
  const path = issue.path.filter((seg): seg is PathSegment => typeof seg !== "symbol");
  const value = issue.input;
  const at = (message: string, target: Partial<Target> = {}): PlacedMessage[] => [
    { path, at: "value", message, ...target },
  ];
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeys(schema, path);
      const hint = allowed.length > 0 ? ` (expected one of: ${allowed.join(", ")})` : "";
      return issue.keys.map((key) => ({ path: [...path, key], at: "key", message: `unknown key ${show(key)}${hint}` }));
    }
    case "invalid_type": {
      if (value === undefined && path.length > 0) {
        return at(`missing required key "${String(path[path.length - 1])}"`, { path: path.slice(0, -1) });
      }
      if (issue.expected === "int") return at(`expected an integer, ${value === null ? "got null" : `got ${show(value)}`}`);
      return at(`expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, ${got(value)}`);
    }
    case "invalid_value": {
      const choices = issue.values.map((v) => (typeof v === "string" ? v : show(v)));
      const expected = choices.length === 1 ? choices[0] : `one of ${choices.join(", ")}`;
      return at(`expected ${expected}, got ${show(value)}`);
    }
    case "invalid_format":
      // The schema's own regex messages already say what is expected; zod's defaults need lower-casing.
      return at(`${lowerFirst(issue.message)}, got ${show(value)}`);
    case "too_small":
    case "too_big":
      return at(sizeMessage(issue, value));
    case "not_multiple_of":
      return at(`expected a multiple of ${Number(issue.divisor)}, got ${show(value)}`);
    case "invalid_key": {
      const inner = issue.issues[0]?.message ?? "invalid key";
      return at(`invalid key ${show(path[path.length - 1])}: ${lowerFirst(inner)}`, { at: "key" });
    }
    default:
      return at(lowerFirst(issue.message.split("\n")[0] ?? "invalid value"));
  }
}
