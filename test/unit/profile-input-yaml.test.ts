// Every YAML parser error and warning, and every hostile YAML shape, is a located problem, never a throw or a pass.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { MAX_ALIASES, MAX_ALIAS_EXPANSION, MAX_NESTING_DEPTH } from "../../src/profile/limits.js";
import { formatProfileIssues, parseProfile } from "../../src/profile/load.js";

const BASE = readFileSync(join(import.meta.dirname, "..", "..", "profiles", "default.yaml"), "utf8");

/** The problem lines for `text` (file name stripped), checking it finished within `ms` without throwing. */
function problems(text: string, ms = 3_000): string[] {
  const started = performance.now();
  const result = parseProfile(text, "p.yaml");
  expect(performance.now() - started).toBeLessThan(ms);
  if (result.ok) throw new Error("expected the profile to be rejected, it loaded");
  return formatProfileIssues(result.errors).split("\n").map((line) => line.replace(/^p\.yaml:/, ""));
}

describe("aliases", () => {
  it("rejects a billion-laughs alias bomb at the alias that crosses the limit, at once", () => {
    let text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (const [prev, name] of [..."abcdefgh"].map((p, i) => [p, "bcdefghi"[i]])) {
      text += `${name}: &${name} [${Array(10).fill(`*${prev}`).join(", ")}]\n`;
    }
    expect(problems(text, 1_000)).toEqual([
      `4:36: invalid yaml: aliases copy in more than ${MAX_ALIAS_EXPANSION} nodes (*c alone brings 1111); an alias bomb?`,
    ]);
  });

  it("rejects a large anchored mapping copied a few times (no nested aliases, so yaml's own guard lets it through)", () => {
    const map = Array.from({ length: 2000 }, (_, i) => `k${i}: ${i}`).join(", ");
    expect(problems(`a: &x {${map}}\nb: [*x, *x, *x, *x, *x, *x]\n`)).toEqual([
      `2:13: invalid yaml: aliases copy in more than ${MAX_ALIAS_EXPANSION} nodes (*x alone brings 4001); an alias bomb?`,
    ]);
  });

  it("rejects more aliases than the limit, even of a scalar", () => {
    const many = Array(MAX_ALIASES + 1).fill("*x").join(", ");
    expect(problems(`a: &x 1\nb: [${many}]\n`)).toEqual([`2:${5 + 4 * MAX_ALIASES}: invalid yaml: more than ${MAX_ALIASES} aliases`]);
  });

  it("rejects an alias to an undefined anchor, and one used before its anchor", () => {
    expect(problems(`${BASE}extra: *nope\n`)).toEqual(["19:8: invalid yaml: alias *nope has no anchor &nope before it"]);
    expect(problems("a: *x\nb: &x 1\n")).toEqual(["1:4: invalid yaml: alias *x has no anchor &x before it"]);
  });

  it("rejects an alias inside the node its anchor names (it would repeat forever)", () => {
    expect(problems("a: &x [1, *x]\n")).toEqual(["1:11: invalid yaml: alias *x is inside the node its anchor names, which would repeat forever"]);
    expect(problems("a: &x {b: *x}\n")).toEqual(["1:11: invalid yaml: alias *x is inside the node its anchor names, which would repeat forever"]);
  });

  it("still loads a profile that shares a value through an anchor", () => {
    const text = BASE.replace("restart: unless-stopped, state: volume }\n  - { group: beta", "restart: &r unless-stopped, state: volume }\n  - { group: beta")
      .replace("host: b, restart: unless-stopped, state: volume }\npoets", "host: b, restart: *r, state: volume }\npoets");
    expect(text).toContain("*r");
    const result = parseProfile(text, "p.yaml");
    expect(result.ok && result.profile.smeshers[1]?.restart).toBe("unless-stopped");
  });
});

describe("parser warnings are errors", () => {
  it("rejects a %YAML 9.9 directive on an otherwise valid profile (its warning used to be dropped and the run started)", () => {
    expect(parseProfile(BASE, "p.yaml").ok).toBe(true);
    expect(problems(`%YAML 9.9\n---\n${BASE}`)).toEqual(["1:7: invalid yaml: unsupported YAML version 9.9"]);
  });

  it("rejects an unresolved tag", () => {
    expect(problems(BASE.replace("name: default", "name: !weird default"))).toEqual(["3:7: invalid yaml: unresolved tag: !weird"]);
  });
});

describe("parser errors", () => {
  it("rejects duplicate keys, at the top and nested, naming the key", () => {
    expect(problems(`${BASE}name: again\n`)).toEqual(['19:1: invalid yaml: duplicate key "name" (map keys must be unique)']);
    expect(problems(BASE.replace("b: { liveRestore: false }", "b: { liveRestore: false, liveRestore: true }"))).toEqual([
      '7:28: invalid yaml: duplicate key "liveRestore" (map keys must be unique)',
    ]);
  });

  it("rejects tabs as indentation", () => {
    expect(problems(BASE.replace("network:\n  layerSeconds", "network:\n\tlayerSeconds"))[0]).toBe("9:1: invalid yaml: tabs are not allowed as indentation");
  });

  it("rejects a mapping or a list as a key, without yaml printing its own warning to the terminal", () => {
    const warn = vi.spyOn(process, "emitWarning");
    try {
      expect(problems("? {a: 1}\n: x\n")).toEqual(["1:3: invalid yaml: a key must be a plain value, found a mapping"]);
      expect(problems("a: &x [1]\n*x : 2\n")).toEqual(["2:1: invalid yaml: a key must be a plain value, found a list"]);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("rejects a second document", () => {
    expect(problems(`${BASE}---\nname: x\n`)).toEqual(["19:1: invalid yaml: a profile holds one document, found a second one"]);
  });
});

describe("nesting", () => {
  const tooDeep = `invalid yaml: collections nested more than ${MAX_NESTING_DEPTH} levels deep`;

  it("accepts the limit and rejects one level more, counting the top mapping", () => {
    const flow = (n: number) => `name: ${"[".repeat(n)}${"]".repeat(n)}\n`;
    expect(problems(flow(MAX_NESTING_DEPTH - 1))).toContain(`1:7: name: expected string, got list ${"[".repeat(37)}...`);
    expect(problems(flow(MAX_NESTING_DEPTH))).toEqual([`1:${6 + MAX_NESTING_DEPTH}: ${tooDeep}`]);
  });

  it("rejects 100,000 nested flow lists, block lists and indented mappings quickly and without a stack overflow", () => {
    expect(problems(`name: ${"[".repeat(100_000)}${"]".repeat(100_000)}\n`, 10_000)).toEqual([`1:70: ${tooDeep}`]);
    expect(problems(`${"- ".repeat(100_000)}x\n`, 10_000)).toEqual([`1:129: ${tooDeep}`]);
    const indented = Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n");
    expect(problems(indented, 10_000)).toEqual([`65:65: ${tooDeep}`]);
  }, 60_000);
});
