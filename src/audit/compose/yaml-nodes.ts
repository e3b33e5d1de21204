// Reading a parsed YAML tree with positions: key lookup through merge keys (<<: *anchor), scalars, locations.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type YAMLMap } from "yaml";
import { inputError } from "../../errors.js";
import type { Location } from "../finding.js";

export interface YamlContext {
  doc: Document;
  lc: LineCounter;
  file: string;
}

const isMergeKey = (key: unknown) => isScalar(key) && (key.source === "<<" || String(key.value) === "Symbol(<<)" || key.value === "<<");

function resolve(ctx: YamlContext, node: unknown): unknown {
  return isAlias(node) ? node.resolve(ctx.doc) : node;
}

/** The value node of `key`, looking through merge keys the way YAML merges them (own keys win, then in order). */
export function lookup(ctx: YamlContext, map: YAMLMap, key: string): Node | undefined {
  for (const pair of map.items) {
    if (isScalar(pair.key) && !isMergeKey(pair.key) && String(pair.key.value) === key) return resolve(ctx, pair.value) as Node;
  }
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    const value = resolve(ctx, pair.value);
    const sources = isSeq(value) ? value.items.map((item) => resolve(ctx, item)) : [value];
    for (const source of sources) {
      if (!isMap(source)) continue;
      const found = lookup(ctx, source, key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Every key of a map, merged keys included, each with its own value node. */
export function entries(ctx: YamlContext, map: YAMLMap): [string, Node, Node][] {
  const out: [string, Node, Node][] = [];
  for (const pair of map.items) {
    if (isScalar(pair.key) && !isMergeKey(pair.key)) out.push([String(pair.key.value), pair.key, resolve(ctx, pair.value) as Node]);
  }
  return out;
}

export function locate(ctx: YamlContext, node: Node | null | undefined): Location {
  const offset = node?.range?.[0] ?? 0;
  const { line, col } = ctx.lc.linePos(offset);
  return { file: ctx.file, line, column: col };
}

/** An input error pointing at a node: FILE:LINE:COL: PATH: MESSAGE. */
export function errorAt(ctx: YamlContext, node: Node | null | undefined, path: string, message: string) {
  const loc = locate(ctx, node);
  return inputError(`${loc.file}:${loc.line}:${loc.column}: ${path}: ${message}`);
}

export function expectMap(ctx: YamlContext, node: Node | undefined, path: string): YAMLMap | undefined {
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (!isMap(node)) throw errorAt(ctx, node, path, `expected a mapping, got ${describe(node)}`);
  return node;
}

export function describe(node: unknown): string {
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  if (isScalar(node)) return node.value === null ? "nothing" : `${typeof node.value} ${JSON.stringify(node.value)}`;
  return "something else";
}
