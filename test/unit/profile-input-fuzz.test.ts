// Fuzzes the profile loader: 10,000 generated and mutated profiles each give a profile or located problems, quickly.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { parse as parseYamlText, stringify } from "yaml";
import { formatProfileIssues, parseProfileBytes, type ProfileResult } from "../../src/profile/load.js";

const DIR = join(import.meta.dirname, "..", "..", "profiles");
const SEEDS = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort()
  .map((f) => readFileSync(join(DIR, f), "utf8"));
const SEED_DATA: unknown[] = SEEDS.map((text) => parseYamlText(text));
const RUNS = 10_000;
/** Per case; the slowest seen here is tens of milliseconds, so this only catches a hang or a blow-up. */
const CASE_MS = 2_000;
// Raw control characters must never reach the terminal; each printed line is checked for them.
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const TOKENS = [
  "&a ", "*a", "*b", "&b [*a, *a, *a]", "!!str ", "!!int ", "!!binary ", "!weird ", "%YAML 9.9\n---\n", "%TAG ! tag:x,2000:\n",
  "---\n", "...\n", "\t", "? ", "- ", ": ", "{", "}", "[", "]", ",", "#", "'", '"', "|\n", ">-\n", "<<: *a\n", "\u001b[31m",
  "\u0000", "\ufeff", "\r\n", "\u0085", "\u202e", "\\", "@", "`", "%",
];
const VALUES = [
  "1e400", "-1e400", "9".repeat(400), ".nan", ".inf", "-.inf", "0x7fffffffffffffffff", "0o777", "1_000", "-0", "~", "null",
  "true", "''", "[]", "{}", "2001-12-14t21:59:43.10-05:00", "*a", "&a x", "1/0", '"1/2"', "0.0000001", "1e-400",
];

const line = (text: string, n: number) => text.split("\n").length && n % Math.max(1, text.split("\n").length);
const token = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 10 }));
const value = fc.oneof(
  fc.constantFrom(...VALUES),
  fc.double().map(String),
  fc.bigInt().map(String),
  fc.integer().map(String),
  fc.string({ maxLength: 30 }).map((s) => JSON.stringify(s)),
);

type Edit = (text: string) => string;
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.nat().map((n): Edit => (t) => t.split("\n").filter((_, i) => i !== line(t, n)).join("\n")),
  fc.nat().map((n): Edit => (t) => t.split("\n").flatMap((l, i) => (i === line(t, n) ? [l, l] : [l])).join("\n")),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Edit => (t) => {
    const lines = t.split("\n");
    const [i, j] = [line(t, a), line(t, b)];
    [lines[i], lines[j]] = [lines[j] ?? "", lines[i] ?? ""];
    return lines.join("\n");
  }),
  fc.nat().map((n): Edit => (t) => t.slice(0, n % (t.length + 1))),
  fc.tuple(fc.nat(), token).map(([n, s]): Edit => (t) => { const at = n % (t.length + 1); return t.slice(0, at) + s + t.slice(at); }),
  fc.tuple(fc.nat(), value).map(([n, v]): Edit => (t) => {
    // Retype: the value after a key's colon becomes something else.
    const lines = t.split("\n");
    const i = line(t, n);
    const at = (lines[i] ?? "").indexOf(": ");
    if (at >= 0) lines[i] = `${(lines[i] ?? "").slice(0, at + 2)}${v}`;
    return lines.join("\n");
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9 })).map(([n, k]): Edit => (t) => {
    const lines = t.split("\n");
    const i = line(t, n);
    lines[i] = " ".repeat(k) + (lines[i] ?? "").trimStart();
    return lines.join("\n");
  }),
);

/** Text edits on a shipped profile: delete, duplicate, swap, truncate, insert, retype, reindent. */
const textMutation = fc
  .tuple(fc.constantFrom(...SEEDS.keys()), fc.array(edit, { minLength: 1, maxLength: 4 }))
  .map(([seed, edits]) => ({ kind: "text-mutation", text: edits.reduce((t, e) => e(t), SEEDS[seed] ?? "") }));

/** Structural edits on a shipped profile's data, written back as YAML: delete, retype, add a key, wrap. */
const dataMutation = fc
  .tuple(
    fc.constantFrom(...SEEDS.keys()),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "retype", "unknown", "wrap"), fc.jsonValue({ maxDepth: 3 })), { minLength: 1, maxLength: 3 }),
  )
  .map(([seed, edits]) => {
    const data: unknown = structuredClone(SEED_DATA[seed]);
    for (const [n, op, v] of edits) {
      const slots: Array<[Record<string, unknown> | unknown[], string | number]> = [];
      const walk = (node: unknown): void => {
        if (Array.isArray(node)) node.forEach((item, i) => (slots.push([node, i]), walk(item)));
        else if (node !== null && typeof node === "object") {
          for (const [k, item] of Object.entries(node)) (slots.push([node as Record<string, unknown>, k]), walk(item));
        }
      };
      walk(data);
      const [parent, key] = slots[n % Math.max(1, slots.length)] ?? [{}, "x"];
      const p = parent as Record<string | number, unknown>;
      if (op === "delete") Array.isArray(parent) ? parent.splice(Number(key), 1) : delete p[key];
      else if (op === "retype") p[key] = v;
      else if (op === "unknown" && !Array.isArray(parent)) p[`x${n % 100}`] = v;
      else p[key] = [p[key]];
    }
    return { kind: "data-mutation", text: stringify(data) };
  });

const YAML_CHARS = [..."abcxyz019 -:?,[]{}#&*!|>'\"%@`\n\t.\\~<=_/+"];
const randomYaml = fc.string({ unit: fc.constantFrom(...YAML_CHARS), maxLength: 200 }).map((text) => ({ kind: "random-yaml", text }));
const randomBytes = fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ kind: "random-bytes", bytes: Buffer.from(bytes) }));
const deep = fc
  .tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom("flow", "block", "map", "flow-map", "unclosed"))
  .map(([n, shape]) => {
    const text = {
      flow: `name: ${"[".repeat(n)}${"]".repeat(n)}`,
      block: `${"- ".repeat(n)}x`,
      map: Array.from({ length: Math.min(n, 400) }, (_, i) => `${" ".repeat(i)}a:`).join("\n"),
      "flow-map": `${"{a: ".repeat(n)}1${"}".repeat(n)}`,
      unclosed: `smeshers: ${"[".repeat(n)}`,
    }[shape] as string;
    return { kind: `deep-${shape}-${n}`, text };
  });
const aliasBomb = fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 10 })).map(([width, depth]) => {
  let text = `a0: &a0 [${Array(width).fill("x").join(", ")}]\n`;
  for (let i = 1; i <= depth; i++) text += `a${i}: &a${i} [${Array(width).fill(`*a${i - 1}`).join(", ")}]\n`;
  return { kind: `alias-bomb-${width}x${depth}`, text };
});
const hugeNumbers = fc.tuple(fc.constantFrom(...SEEDS.keys()), fc.constantFrom(...VALUES)).map(([seed, v]) => ({
  kind: "huge-numbers",
  text: (SEEDS[seed] ?? "").replace(/: (\d+)/g, `: ${v}`),
}));

type Case = { kind: string; text?: string; bytes?: Buffer };
const anyCase: fc.Arbitrary<Case> = fc.oneof(
  { arbitrary: textMutation, weight: 4 },
  { arbitrary: dataMutation, weight: 3 },
  { arbitrary: randomYaml, weight: 2 },
  { arbitrary: randomBytes, weight: 1 },
  { arbitrary: deep, weight: 1 },
  { arbitrary: aliasBomb, weight: 1 },
  { arbitrary: hugeNumbers, weight: 1 },
);

/** Plain checks, not expect(): 10,000 cases times several expectations cost more than the loader itself. */
function check(result: ProfileResult): string | undefined {
  if (result.ok) return typeof result.profile.name === "string" ? undefined : "a profile without a name";
  if (result.errors.length === 0) return "rejected without a problem";
  for (const issue of result.errors) {
    if (issue.file !== "fuzz.yaml") return `problem names file ${issue.file}`;
    if (!Number.isInteger(issue.line) || issue.line < 1 || !Number.isInteger(issue.column) || issue.column < 1) {
      return `problem without a position: ${JSON.stringify(issue)}`;
    }
    if (issue.message.length === 0) return "problem without a message";
  }
  const lines = formatProfileIssues(result.errors).split("\n");
  if (lines.length > 21) return `${lines.length} lines printed, over the cap`;
  const raw = lines.find((printed) => RAW.test(printed));
  return raw === undefined ? undefined : `raw control character printed: ${JSON.stringify(raw)}`;
}

describe("profile loader fuzz", () => {
  it(`turns ${RUNS} generated and mutated profiles into a profile or located problems, each within ${CASE_MS} ms`, () => {
    let count = 0;
    const byKind = new Map<string, [number, number]>();
    let loaded = 0;
    let slowest = { ms: 0, kind: "" };
    // yaml prints some warnings itself (process.emitWarning), raw, past the loader: none may get through.
    const warn = vi.spyOn(process, "emitWarning");
    const started = performance.now();
    fc.assert(
      fc.property(anyCase, (c) => {
        const bytes = c.bytes ?? Buffer.from(c.text ?? "", "utf8");
        const t0 = performance.now();
        const result = parseProfileBytes(bytes, "fuzz.yaml");
        const ms = performance.now() - t0;
        count += 1;
        const kind = c.kind.replace(/-\d.*$/, "");
        const [n, sum] = byKind.get(kind) ?? [0, 0];
        byKind.set(kind, [n + 1, sum + ms]);
        if (result.ok) loaded += 1;
        if (ms > slowest.ms) slowest = { ms, kind: `${c.kind} (${bytes.length} bytes)` };
        if (ms >= CASE_MS) throw new Error(`${c.kind} took ${ms.toFixed(0)} ms`);
        const wrong = check(result);
        if (wrong) throw new Error(`${c.kind}: ${wrong}`);
      }),
      { numRuns: RUNS },
    );
    const total = (performance.now() - started) / 1000;
    console.log(`profile fuzz: ${count} cases (${loaded} loaded) in ${total.toFixed(1)} s; slowest ${slowest.ms.toFixed(1)} ms: ${slowest.kind}`);
    expect(count).toBeGreaterThanOrEqual(RUNS);
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    console.log(`by kind: ${[...byKind].map(([k, [n, ms]]) => `${k} ${n} x ${(ms / n).toFixed(1)} ms`).join(", ")}`);
  }, 180_000);
});
