// Maps a path into the profile (["smeshers", 1, "restart"]) to the line and column of its YAML node.
import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from "yaml";

export type PathSegment = string | number;

/** A spot to point at: the value under `path`, or the key that names it (unknown keys, hosts). */
export interface Target {
  path: PathSegment[];
  at: "key" | "value";
}

export interface Position {
  line: number;
  column: number;
}

const START: Position = { line: 1, column: 1 };

/** Renders a path the way a reader writes it: smeshers[1].restart, hosts.a. */
export function renderPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    // A key may be as long as the file; the message names it, the line and column find it.
    else if (seg.length > 40) out += `[${JSON.stringify(`${seg.slice(0, 37)}...`)}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

type Follow = (node: unknown) => unknown;

function follower(doc: Document, targets?: ReadonlyMap<Alias, Node>): Follow {
  // Anchors let one node appear under several paths; point at the anchored original. yaml's own resolve scans
  // the whole document on every call, so a known alias is looked up in the map the loader built.
  return (node) => (isAlias(node) ? (targets?.get(node) ?? node.resolve(doc)) : node);
}

function keyIndex(cache: WeakMap<YAMLMap, Map<string, Pair>>, map: YAMLMap): Map<string, Pair> {
  // Built once per mapping: a file of 100,000 unknown keys asks for each of them, and a scan per key was quadratic.
  let index = cache.get(map);
  if (!index) {
    index = new Map();
    for (const pair of map.items as Pair[]) {
      const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
      if (!index.has(key)) index.set(key, pair);
    }
    cache.set(map, index);
  }
  return index;
}

function isEmptyNull(node: unknown): boolean {
  // `units:` with nothing after it: the null has no text, so its "position" is the end of the line.
  return isScalar(node) && node.value === null && !!node.range && node.range[0] === node.range[1];
}

function positionOf(node: unknown, lc: LineCounter): Position | undefined {
  const range = (node as Node | null | undefined)?.range;
  if (!range) return undefined;
  const { line, col } = lc.linePos(range[0]);
  return { line, column: col };
}

export type Locator = (target: Target) => Position;

/**
 * Finds the node for a target; when the path runs past what the file contains (a defaulted value, a
 * missing key) it falls back to the deepest ancestor that does exist, so every issue gets a position.
 * Made once per document: key lookups are indexed and aliases resolved through `targets`.
 */
export function createLocator(doc: Document, lc: LineCounter, targets?: ReadonlyMap<Alias, Node>): Locator {
  const follow = follower(doc, targets);
  const cache = new WeakMap<YAMLMap, Map<string, Pair>>();
  return (target) => {
    let node: unknown = follow(doc.contents);
    let best = positionOf(node, lc) ?? START;
    const { path } = target;
    for (let i = 0; i < path.length; i++) {
      const seg = path[i] as PathSegment;
      const last = i === path.length - 1;
      if (isSeq(node) && typeof seg === "number") {
        const item = follow(node.items[seg]);
        if (item === undefined) return best;
        node = item;
      } else {
        const pair = isMap(node) ? keyIndex(cache, node).get(String(seg)) : undefined;
        if (!pair) return best;
        const keyPos = positionOf(pair.key, lc) ?? best;
        if (last && target.at === "key") return keyPos;
        const value = follow(pair.value);
        if (value === null || value === undefined || isEmptyNull(value)) return keyPos;
        node = value;
      }
      best = positionOf(node, lc) ?? best;
    }
    return best;
  };
}

/** Finds one target; see createLocator for many. */
export function locate(doc: Document, lc: LineCounter, target: Target): Position {
  return createLocator(doc, lc)(target);
}
