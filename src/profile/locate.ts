// Maps a path into the profile (["smeshers", 1, "restart"]) to the line and column of its YAML node.
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair } from "yaml";

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
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out === "" ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function follow(doc: Document, node: unknown): unknown {
  // Anchors let one node appear under several paths; point at the anchored original.
  return isAlias(node) ? node.resolve(doc) : node;
}

function pairFor(map: unknown, seg: PathSegment): Pair | undefined {
  if (!isMap(map)) return undefined;
  return map.items.find((pair) => {
    const key = isScalar(pair.key) ? pair.key.value : pair.key;
    return String(key) === String(seg);
  });
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

/**
 * Finds the node for a target; when the path runs past what the file contains (a defaulted value, a
 * missing key) it falls back to the deepest ancestor that does exist, so every issue gets a position.
 */
export function locate(doc: Document, lc: LineCounter, target: Target): Position {
  let node: unknown = follow(doc, doc.contents);
  let best = positionOf(node, lc) ?? START;
  const { path } = target;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i] as PathSegment;
    const last = i === path.length - 1;
    if (isSeq(node) && typeof seg === "number") {
      const item = follow(doc, node.items[seg]);
      if (item === undefined) return best;
      node = item;
    } else {
      const pair = pairFor(node, seg);
      if (!pair) return best;
      const keyPos = positionOf(pair.key, lc) ?? best;
      if (last && target.at === "key") return keyPos;
      const value = follow(doc, pair.value);
      if (value === null || value === undefined || isEmptyNull(value)) return keyPos;
      node = value;
    }
    best = positionOf(node, lc) ?? best;
  }
  return best;
}
