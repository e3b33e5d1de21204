// Problems are listed in full up to 20, then counted in one line; a file of 76,000 unknown keys is reported quickly.
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReboundError } from "../../src/errors.js";
import { MAX_PROFILE_BYTES, MAX_REPORTED_ISSUES } from "../../src/profile/limits.js";
import { formatProfileIssues, loadProfile, parseProfile } from "../../src/profile/load.js";

const BASE = readFileSync(join(import.meta.dirname, "..", "..", "profiles", "default.yaml"), "utf8");
const HINT = "(expected one of: name, description, orchestrator, hosts, network, image, smeshers, poets, steady, method, end, checks, expect)";

/** The default profile plus unknown keys k0, k1, ... until it is `bytes` long at most. */
function withUnknownKeys(bytes: number): { text: string; keys: number } {
  const parts = [BASE];
  let size = Buffer.byteLength(BASE);
  for (let i = 0; ; i++) {
    const line = `k${i}: ${i}\n`;
    if (size + line.length > bytes) return { text: parts.join(""), keys: i };
    parts.push(line);
    size += line.length;
  }
}

function unknownKeys(n: number): string {
  return BASE + Array.from({ length: n }, (_, i) => `k${i}: ${i}\n`).join("");
}

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rebound-profile-input-cap-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the problem cap", () => {
  it("lists the first 20 problems by position, then one line counting the rest", () => {
    const result = parseProfile(unknownKeys(100), "p.yaml");
    expect(result.ok).toBe(false);
    const lines = formatProfileIssues(result.ok ? [] : result.errors).split("\n");
    expect(MAX_REPORTED_ISSUES).toBe(20);
    expect(lines).toHaveLength(21);
    expect(lines.slice(0, 20)).toEqual(Array.from({ length: 20 }, (_, i) => `p.yaml:${19 + i}:1: k${i}: unknown key "k${i}" ${HINT}`));
    expect(lines[20]).toBe("and 80 more problems");
  });

  it("adds no count line at exactly 20 and says 'problem' for one more", () => {
    const at = (n: number) => {
      const result = parseProfile(unknownKeys(n), "p.yaml");
      return formatProfileIssues(result.ok ? [] : result.errors).split("\n");
    };
    expect(at(20)).toHaveLength(20);
    expect(at(20).at(-1)).toMatch(/^p\.yaml:38:1: k19: unknown key/);
    expect(at(21).at(-1)).toBe("and 1 more problem");
  });

  it("reports a 1 MiB profile of ~76,000 unknown keys in a few seconds (it took minutes)", async () => {
    const { text, keys } = withUnknownKeys(MAX_PROFILE_BYTES);
    expect(keys).toBeGreaterThan(75_000);
    const path = join(dir, "many-keys.yaml");
    await writeFile(path, text);
    const started = performance.now();
    const err: unknown = await loadProfile(path).catch((e: unknown) => e);
    const ms = performance.now() - started;
    console.log(`1 MiB profile with ${keys} unknown keys: rejected in ${ms.toFixed(0)} ms`);
    // About 3 s of CPU here, two thirds of it yaml's own parser (about 2 s per MiB of short lines on this
    // 2-core machine); the bound leaves room for the other test files running at the same time, while the
    // quadratic paths it replaces (yaml's duplicate-key check, a key scan per problem) took minutes.
    expect(ms).toBeLessThan(15_000);
    expect(err).toBeInstanceOf(ReboundError);
    const lines = (err as ReboundError).message.split("\n");
    expect(lines).toHaveLength(21);
    expect(lines[0]).toBe(`${path}:19:1: k0: unknown key "k0" ${HINT}`);
    expect(lines[20]).toBe(`and ${keys - 20} more problems`);
  }, 60_000);

  it("rejects a 5 MB profile of 100,000+ unknown keys from its size, at once (it ran past 35 s)", async () => {
    const { text, keys } = withUnknownKeys(5_000_000);
    expect(keys).toBeGreaterThan(100_000);
    const path = join(dir, "five-mb.yaml");
    await writeFile(path, text);
    const started = performance.now();
    const err: unknown = await loadProfile(path).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((err as ReboundError).message).toBe(
      `cannot read profile ${path}: ${Buffer.byteLength(text)} bytes, over the limit of 1048576 bytes (1 MiB) for a profile`,
    );
  });
});
