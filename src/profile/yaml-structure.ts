// Checks a composed YAML document for what the parser lets through: duplicate keys, aliases without an anchor,
// aliases inside their own anchor, and aliases that copy in too much (a "billion laughs"); resolves each alias once.
import { isAlias, isMap, isScalar, isSeq, type Alias, type Document, type Node } from "yaml";
import { escapeControl } from "./escape.js";
import { show } from "./format-issue.js";
import { MAX_ALIAS_EXPANSION, MAX_ALIASES } from "./limits.js";

export interface YamlProblem {
  /** Character offset into the text; the caller turns it into line:column. */
  offset: number;
  message: string;
}

export interface Structure {
  problems: YamlProblem[];
  /** Each alias's anchored node, as yaml resolves it: the last node with that anchor before the alias. */
  targets: Map<Alias, Node>;
}

function offsetOf(node: unknown): number {
  return (node as Node | null | undefined)?.range?.[0] ?? 0;
}

class Walker {
  readonly problems: YamlProblem[] = [];
  readonly targets = new Map<Alias, Node>();
  private readonly anchors = new Map<string, Node>();
  private readonly sizes = new Map<Node, number>();
  private readonly open = new Set<Node>();
  private aliases = 0;
  private expansion = 0;
  private overLimit = false;

  /** Nodes under `node` once its aliases are expanded; depth is bounded before composing, so recursion is safe. */
  walk(node: unknown): number {
    if (node === null || node === undefined) return 0;
    if (isAlias(node)) return this.alias(node);
    const n = node as Node;
    if (n.anchor) this.anchors.set(n.anchor, n);
    let size = 1;
    if (isMap(node) || isSeq(node)) {
      this.open.add(n);
      if (isMap(node)) this.checkKeys(node.items.map((pair) => pair.key));
      for (const item of node.items as unknown[]) {
        if (isMap(node)) {
          const pair = item as { key: unknown; value: unknown };
          size += this.walk(pair.key);
          this.checkKeyKind(pair.key);
          size += this.walk(pair.value);
        } else size += this.walk(item);
      }
      this.open.delete(n);
    }
    this.sizes.set(n, size);
    return size;
  }

  private alias(node: Alias): number {
    const source = escapeControl(node.source);
    const target = this.anchors.get(node.source);
    if (!target) {
      this.problem(node, `invalid yaml: alias *${source} has no anchor &${source} before it`);
      return 1;
    }
    if (this.open.has(target)) {
      this.problem(node, `invalid yaml: alias *${source} is inside the node its anchor names, which would repeat forever`);
      return 1;
    }
    this.targets.set(node, target);
    const size = this.sizes.get(target) ?? 1;
    this.aliases += 1;
    this.expansion += size;
    if (!this.overLimit && (this.aliases > MAX_ALIASES || this.expansion > MAX_ALIAS_EXPANSION)) {
      // One problem is enough: past this alias every further one only repeats it.
      this.overLimit = true;
      this.problem(
        node,
        this.aliases > MAX_ALIASES
          ? `invalid yaml: more than ${MAX_ALIASES} aliases`
          : `invalid yaml: aliases copy in more than ${MAX_ALIAS_EXPANSION} nodes (*${source} alone brings ${size}); an alias bomb?`,
      );
    }
    return size;
  }

  private checkKeyKind(key: unknown): void {
    // A mapping or list as a key has no place in a profile, and yaml would stringify it with a process warning.
    const target = isAlias(key) ? this.targets.get(key) : key;
    if (isMap(target) || isSeq(target)) {
      this.problem(key, `invalid yaml: a key must be a plain value, found a ${isMap(target) ? "mapping" : "list"}`);
    }
  }

  private checkKeys(keys: unknown[]): void {
    // yaml's rule: scalar keys with equal values collide; other keys only when they are the same node.
    const seen = new Set<unknown>();
    for (const key of keys) {
      const id = isScalar(key) ? key.value : key;
      if (seen.has(id)) this.problem(key, `invalid yaml: duplicate key ${show(id)} (map keys must be unique)`);
      seen.add(id);
    }
  }

  private problem(node: unknown, message: string): void {
    this.problems.push({ offset: offsetOf(node), message });
  }
}

export function checkStructure(doc: Document.Parsed): Structure {
  const walker = new Walker();
  walker.walk(doc.contents);
  return { problems: walker.problems, targets: walker.targets };
}
