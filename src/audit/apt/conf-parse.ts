// apt.conf syntax (pure): `A::B "v";`, nested `A { B "v"; };`, lists `A { "x"; "y"; };`, `A:: "x";`,
// comments (//, /* */, # outside quotes) and `#clear A::B;`. Keys compare case-insensitively, as in apt.

export interface ConfEntry {
  /** Full key, e.g. Unattended-Upgrade::Package-Blacklist, as written. */
  key: string;
  value: string;
  /** A list item (an anonymous child) rather than a scalar assignment. */
  item: boolean;
  file: string;
  line: number;
}

export type ConfStatement = ConfEntry | { clear: string; file: string; line: number };

type Token = { kind: "word" | "string" | "{" | "}" | ";" | "clear"; text: string; line: number };

function stripComments(text: string): string[] {
  const noBlocks = text.replace(/\/\*[\s\S]*?\*\//g, (block) => block.replace(/[^\n]/g, " "));
  return noBlocks.split("\n").map((line) => {
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"') quoted = !quoted;
      if (quoted) continue;
      if (c === "/" && line[i + 1] === "/") return line.slice(0, i);
      if (c === "#" && !line.startsWith("#clear", i) && !line.startsWith("#include", i)) return line.slice(0, i);
    }
    return line;
  });
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  stripComments(text).forEach((line, index) => {
    const re = /\s*(?:(#clear|#include)|"([^"]*)"|([{};])|([^\s{};"]+))/gy;
    let match: RegExpExecArray | null;
    while ((match = re.exec(line)) !== null && match[0].trim() !== "") {
      const n = index + 1;
      if (match[1]) tokens.push({ kind: "clear", text: match[1], line: n });
      else if (match[2] !== undefined) tokens.push({ kind: "string", text: match[2], line: n });
      else if (match[3]) tokens.push({ kind: match[3] as "{" | "}" | ";", text: match[3], line: n });
      else tokens.push({ kind: "word", text: match[4]!, line: n });
    }
  });
  return tokens;
}

const join = (scope: string[], tag: string) => [...scope, tag].filter((part) => part !== "").join("::");

export function parseAptConf(text: string, file: string): ConfStatement[] {
  const out: ConfStatement[] = [];
  const scope: string[] = [];
  let pending: Token[] = [];
  for (const token of tokenize(text)) {
    if (token.kind === "{") {
      scope.push((pending[0]?.text ?? "").replace(/::$/, ""));
      pending = [];
    } else if (token.kind === "}") {
      scope.pop();
      pending = [];
    } else if (token.kind === ";") {
      statement(pending, scope, file, out);
      pending = [];
    } else pending.push(token);
  }
  return out;
}

function statement(tokens: Token[], scope: string[], file: string, out: ConfStatement[]): void {
  const [first, second] = tokens;
  if (!first) return;
  if (first.kind === "clear") {
    if (first.text === "#clear" && second) out.push({ clear: join(scope, second.text), file, line: first.line });
    return;
  }
  if (tokens.length === 1) {
    out.push({ key: join(scope, ""), value: first.text, item: true, file, line: first.line });
  } else if (first.text.endsWith("::")) {
    out.push({ key: join(scope, first.text.slice(0, -2)), value: second!.text, item: true, file, line: first.line });
  } else {
    out.push({ key: join(scope, first.text), value: second!.text, item: false, file, line: first.line });
  }
}
