// Parses profile text into one YAML document, turning every parser error and warning and every hostile shape
// (too deep, alias bombs, undefined or self-containing aliases, duplicate keys) into a problem at an offset.
import { Composer, LineCounter, Parser, type Alias, type CST, type Document, type Node } from "yaml";
import { checkStructure, type YamlProblem } from "./yaml-structure.js";
import { MAX_NESTING_DEPTH } from "./limits.js";

export interface ParsedYaml {
  /** Undefined when the text could not be composed safely at all. */
  doc: Document.Parsed | undefined;
  lc: LineCounter;
  problems: YamlProblem[];
  /** Each alias's anchored node, resolved once (yaml's own resolve scans the whole document per call). */
  targets: Map<Alias, Node>;
}

function syntaxMessage(code: string, message: string): string {
  // yaml's own wording for this one names an API the profile author never calls.
  if (code === "MULTIPLE_DOCS") return "invalid yaml: a profile holds one document, found a second one";
  const first = message.split("\n")[0] ?? message;
  return `invalid yaml: ${first.charAt(0).toLowerCase()}${first.slice(1)}`;
}

/**
 * The first collection nested deeper than the limit, found on the parser's tokens without recursion: yaml's
 * composer recurses once per level, and near the stack's end it can even abort the process (seen: a V8
 * out-of-memory while compiling a regular expression), so depth is checked before composing.
 */
function tooDeep(tokens: readonly CST.Token[]): CST.Token | undefined {
  const stack: Array<[CST.Token | null | undefined, number]> = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop() as [CST.Token | null | undefined, number];
    if (!token) continue;
    if (token.type === "document") stack.push([token.value, depth]);
    else if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      if (depth + 1 > MAX_NESTING_DEPTH) return token;
      for (const item of token.items) {
        if ("key" in item) stack.push([item.key, depth + 1]);
        stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Composes the first document; a second one is a problem, as it is for yaml's parseDocument. */
function compose(tokens: readonly CST.Token[], length: number): { doc: Document.Parsed; problems: YamlProblem[] } {
  // uniqueKeys is checked in yaml-structure with a set per map: yaml's own check compares each key with every
  // earlier one, which took minutes on a 1 MiB file of distinct keys.
  // logLevel "error": yaml would print its warnings itself (process.emitWarning); here each one is a problem instead.
  const composer = new Composer({ uniqueKeys: false, logLevel: "error" });
  let doc: Document.Parsed | undefined;
  const problems: YamlProblem[] = [];
  for (const next of composer.compose(tokens, true, length)) {
    if (doc) {
      problems.push({ offset: next.range[0], message: syntaxMessage("MULTIPLE_DOCS", "") });
      break;
    }
    doc = next;
  }
  // compose(..., forceDoc = true) always yields at least one document.
  return { doc: doc as Document.Parsed, problems };
}

export function parseYaml(text: string): ParsedYaml {
  const lc = new LineCounter();
  const tokens = Array.from(new Parser(lc.addNewLine).parse(text));
  const deep = tooDeep(tokens);
  if (deep) {
    const message = `invalid yaml: collections nested more than ${MAX_NESTING_DEPTH} levels deep`;
    return { doc: undefined, lc, problems: [{ offset: deep.offset, message }], targets: new Map() };
  }
  const { doc, problems } = compose(tokens, text.length);
  for (const err of [...doc.errors, ...doc.warnings]) {
    problems.push({ offset: err.pos[0], message: syntaxMessage(err.code, err.message) });
  }
  // Past a syntax error the tree is a guess; checking its structure would only add noise.
  if (doc.errors.length > 0) return { doc, lc, problems, targets: new Map() };
  const structure = checkStructure(doc);
  problems.push(...structure.problems);
  return { doc, lc, problems, targets: structure.targets };
}
