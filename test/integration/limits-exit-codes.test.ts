// Exit codes from the README's table for bad numbers, a corrupt run.json and audit paths that do not exist: each
// is exit 2 with one error line, found before anything starts (no Docker needed, nothing is created).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedHome, rebound } from "../support/cli.js";

const sandbox = isolatedHome("limits");
afterAll(() => sandbox.remove());

/** stderr is one error line, plus at most the hint or help line under it; never a stack trace. */
function oneError(stderr: string): string {
  const lines = stderr.trim().split("\n");
  expect(lines[0]).toMatch(/^error: /);
  expect(lines.length).toBeLessThanOrEqual(2);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

// A profile that does not exist: had an option slipped through, the command would fail on the file instead.
const NO_PROFILE = join(sandbox.home, "absent.yaml");

describe("numeric options", () => {
  it.each(["-1", "NaN", "abc", "1e999", ""])("up --timeout %j: exit 2 naming the option and the value", async (value) => {
    const result = await rebound(["up", NO_PROFILE, "--timeout", value], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(oneError(result.stderr)).toBe(
      `error: option '--timeout <seconds>' argument '${value}' is invalid. expected seconds above 0 and at most 3600, such as 120`,
    );
    expect(existsSync(join(sandbox.home, "sandboxes"))).toBe(false);
  });

  it.each(["-1", "NaN", "abc", "1e999", "", "1.5", "4294967296"])("run --seed %j: exit 2 naming the option and the value", async (value) => {
    const result = await rebound(["run", NO_PROFILE, "--seed", value], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(oneError(result.stderr)).toBe(`error: option '--seed <n>' argument '${value}' is invalid. expected a whole number from 0 to 4294967295`);
  });
});

describe("a profile past the bounds", () => {
  it("up with 0.0001 s layers and a 0% share: exit 2, each at its file:line:col, nothing created", async () => {
    const path = join(sandbox.home, "bounds.yaml");
    const text = [
      "name: bounds",
      "hosts: { a: {} }",
      "network: { layerSeconds: 0.0001 }",
      "smeshers:",
      "  - { group: g, host: a, units: 1 }",
      "method:",
      '  - { fault: kill, target: { share: "0%" } }',
    ];
    writeFileSync(path, `${text.join("\n")}\n`);
    const result = await rebound(["up", path], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${path}:3:26: network.layerSeconds: expected >= 0.5, got 0.0001`);
    expect(result.stderr).toContain(`${path}:7:37: method[0].target.share: expected a percentage from 1% to 100% such as "30%", got "0%"`);
    expect(existsSync(join(sandbox.home, "sandboxes"))).toBe(false);
    expect(existsSync(join(sandbox.home, "experiments"))).toBe(false);
  });
});

describe("report on a corrupt run.json", () => {
  it.each([["{}", "runId: missing (and 21 more)"], ["null", "expected object, received null"]])("run.json %s: exit 2 naming the file", async (text, why) => {
    const dir = join(sandbox.home, "runs", `corrupt-${text === "{}" ? "empty" : "null"}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "journal.jsonl"), "");
    writeFileSync(join(dir, "run.json"), text);
    const result = await rebound(["report", join(dir, "journal.jsonl")], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(oneError(result.stderr)).toBe(`error: ${join(dir, "run.json")}: not a run result: ${why}`);
    expect(result.stdout).toBe("");
  });
});

describe("audit paths", () => {
  const aptRoot = join(sandbox.home, "apt-root");
  mkdirSync(aptRoot, { recursive: true });

  it("--apt-root of a directory that does not exist: exit 2, one line", async () => {
    const result = await rebound(["audit", "--apt-root", "/nonexistent"], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(oneError(result.stderr)).toBe("error: --apt-root /nonexistent: no such directory");
    expect(result.stdout).toBe("");
  });

  it("--junit into a directory that does not exist: exit 2 before the audit, no directory created, nothing printed", async () => {
    const missing = join(sandbox.home, "missing", "dir");
    const result = await rebound(["audit", "--apt-root", aptRoot, "--junit", join(missing, "x.xml")], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(oneError(result.stderr)).toBe(`error: cannot write the --junit report to ${join(missing, "x.xml")}: ${missing}: no such directory`);
    expect(result.stdout).toBe("");
    expect(existsSync(join(sandbox.home, "missing"))).toBe(false);
  });

  it("--junit that names a directory: exit 2", async () => {
    const result = await rebound(["audit", "--apt-root", aptRoot, "--junit", aptRoot], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(oneError(result.stderr)).toBe(`error: cannot write the --junit report to ${aptRoot}: it is a directory`);
  });

  it("--junit into an existing directory: the whole XML, and no temporary file left beside it", async () => {
    const out = join(sandbox.home, "reports");
    mkdirSync(out);
    const result = await rebound(["audit", "--apt-root", aptRoot, "--junit", join(out, "audit.xml")], sandbox.env);
    expect(result.exitCode).toBe(0);
    expect(readdirSync(out)).toEqual(["audit.xml"]);
    const xml = readFileSync(join(out, "audit.xml"), "utf8");
    expect(xml).toMatch(/^<\?xml [^\n]*\n<testsuites [\s\S]*<\/testsuites>\n$/);
  });
});
