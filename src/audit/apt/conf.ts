// The apt configuration as apt sees it after reading every file in order: last scalar wins, lists accumulate,
// #clear empties a subtree.
import type { ConfEntry, ConfStatement } from "./conf-parse.js";

export interface AptConfig {
  entries: ConfEntry[];
}

const lower = (key: string) => key.toLowerCase();

export function buildConfig(statements: ConfStatement[]): AptConfig {
  let entries: ConfEntry[] = [];
  for (const statement of statements) {
    if ("clear" in statement) {
      const prefix = lower(statement.clear);
      entries = entries.filter((e) => lower(e.key) !== prefix && !lower(e.key).startsWith(`${prefix}::`));
    } else entries.push(statement);
  }
  return { entries };
}

/** The value apt's Find() returns: the last assignment to the key. */
export function scalar(config: AptConfig, key: string): ConfEntry | undefined {
  const wanted = lower(key);
  return config.entries.filter((e) => !e.item && lower(e.key) === wanted).pop();
}

/** What value_list() returns: list items under the key and the values of its direct children. */
export function list(config: AptConfig, key: string): ConfEntry[] {
  const wanted = lower(key);
  return config.entries.filter((e) => {
    const k = lower(e.key);
    if (e.item) return k === wanted;
    return k.startsWith(`${wanted}::`) && !k.slice(wanted.length + 2).includes("::");
  });
}

/** apt's FindB: true, yes, on, with, enable and non-zero numbers are true. */
export function truthy(value: string | undefined): boolean {
  if (value === undefined) return false;
  if (/^[0-9]+$/.test(value)) return Number(value) !== 0;
  return ["true", "yes", "on", "with", "enable"].includes(value.toLowerCase());
}

export function describeEntry(entry: ConfEntry): string {
  return `${entry.file}:${entry.line}: ${entry.key}${entry.item ? " +=" : ""} "${entry.value}"`;
}
