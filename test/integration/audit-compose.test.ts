// The repository's docker-compose.yml against the compose reference implementation (Debian's docker-compose
// package, installed here when missing): it is valid, and rebound audit reports nothing for it. The same tool
// confirms the trap the audit warns about: docker-compose 1.x rejects an unquoted `restart: no`.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDebianPackage } from "../support/apt.js";
import { isolatedHome, rebound, REPO } from "../support/cli.js";

const home = isolatedHome("audit-compose");
const dir = mkdtempSync(join(tmpdir(), "rebound-compose-"));
// docker-compose config reads files only; no daemon is contacted.
const compose = (...args: string[]) => execa("docker-compose", args, { cwd: REPO, reject: false, env: { DOCKER_HOST: "unix:///nonexistent.sock" } });

beforeAll(() => ensureDebianPackage("docker-compose", "docker-compose"), 600_000);
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await home.remove();
});

describe("docker-compose.yml", () => {
  it("is valid for docker-compose config", async () => {
    const result = await compose("-f", "docker-compose.yml", "config", "-q");
    expect(result.exitCode, result.stderr).toBe(0);
    const services = await compose("-f", "docker-compose.yml", "config", "--services");
    expect(services.stdout.split("\n").sort()).toEqual(["alpha-0", "alpha-1", "beta-0", "beta-1", "poet-a-0", "poet-b-0"]);
  });

  it("gets no finding from rebound audit, at any severity", async () => {
    const result = await rebound(["audit", "--compose", "docker-compose.yml", "--fail-on", "info"], home.env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.split("\n").at(-1)).toMatch(/^no findings: 6 object\(s\), \d+ check\(s\); --fail-on info: PASS$/);
  });
});

describe("the unquoted restart: no trap", () => {
  it("docker-compose 1.x rejects it, and rebound audit says why", async () => {
    const file = join(dir, "unquoted.yml");
    writeFileSync(file, "services:\n  app:\n    image: app\n    restart: no\n");
    const result = await compose("-f", file, "config", "-q");
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain("services.app.restart contains an invalid type, it should be a string");
    const audit = await rebound(["audit", "--compose", file, "--json", "--fail-on", "never"], home.env);
    const report = JSON.parse(audit.stdout) as { findings: { rule: string }[] };
    expect(report.findings.map((f) => f.rule)).toContain("restart-no-unquoted");
  });

  it("malformed YAML is exit 2 with file:line:column", async () => {
    const file = join(dir, "broken.yml");
    writeFileSync(file, "services:\n  app:\n    restart: [unless-stopped\n");
    const result = await rebound(["audit", "--compose", file], home.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(new RegExp(`^error: ${file}:\\d+:\\d+: invalid yaml: `));
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });
});
