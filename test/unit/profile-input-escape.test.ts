// Control characters and terminal escapes in echoed profile text are shown escaped, never sent raw to the terminal.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { escapeControl } from "../../src/profile/escape.js";
import { formatProfileIssues, parseProfile } from "../../src/profile/load.js";

const BASE = readFileSync(join(import.meta.dirname, "..", "..", "profiles", "default.yaml"), "utf8");
// What must never reach the terminal raw: C0 (newline included), DEL, C1, line separators, bidi overrides.
const RAW = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function message(text: string): string {
  const result = parseProfile(text, "p.yaml");
  if (result.ok) throw new Error("expected the profile to be rejected");
  return formatProfileIssues(result.errors);
}

describe("escapeControl", () => {
  it("escapes controls JSON-style and leaves other text, backslashes included, as it is", () => {
    expect(escapeControl("a\nb\r\tc\u001b[31md\u0000\u007f\u0085\u009b")).toBe("a\\nb\\r\\tc\\u001b[31md\\u0000\\u007f\\u0085\\u009b");
    expect(escapeControl("\u2028\u202e\u2066")).toBe("\\u2028\\u202e\\u2066");
    expect(escapeControl('café 🚀 "q" \\n')).toBe('café 🚀 "q" \\n');
  });
});

describe("profile problems escape what they echo", () => {
  it("escapes a key holding a newline and an ANSI colour sequence, in the path and in the message", () => {
    const text = message(`${BASE}"bad\\nkey\\u001b[31mRED": 1\n`);
    expect(text).not.toMatch(RAW);
    expect(text).toBe(
      'p.yaml:19:1: ["bad\\nkey\\u001b[31mRED"]: unknown key "bad\\nkey\\u001b[31mRED" (expected one of: name, description, orchestrator, hosts, network, image, smeshers, poets, steady, method, end, checks, expect)',
    );
  });

  it("escapes a value that clears the screen and rings the bell", () => {
    const text = message(BASE.replace("name: default", 'name: "de\\u001b[2Jfault\\u0007"'));
    expect(text).not.toMatch(RAW);
    expect(text).toContain('got "de\\u001b[2Jfault\\u0007"');
  });

  it("escapes C1 controls and a right-to-left override, which JSON.stringify leaves raw", () => {
    const text = message(`${BASE}"k\\x85\\u009b\\u202e": 1\n`);
    expect(text).not.toMatch(RAW);
    expect(text).toContain('unknown key "k\\u0085\\u009b\\u202e"');
  });

  it("escapes control characters in a duplicate key and in a file label", () => {
    const result = parseProfile(`? "k\\u001b"\n: 1\n"k\\u001b": 2\n`, "odd\u001b.yaml");
    const text = formatProfileIssues(result.ok ? [] : result.errors);
    expect(text).toBe('odd\\u001b.yaml:3:1: invalid yaml: duplicate key "k\\u001b" (map keys must be unique)');
  });

  it("cuts a very long key short in the message", () => {
    const key = "x".repeat(100_000);
    const text = message(`${BASE}? ${key}\n: 1\n`);
    expect(text.length).toBeLessThan(400);
    expect(text).toContain(`19:3: ["${"x".repeat(37)}..."]: unknown key "${"x".repeat(36)}...`);
  });
});
