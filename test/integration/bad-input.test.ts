// Bad input gets one precise error, exit code 2, and changes nothing: no daemon, no bridge, no record.
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isolatedHome, rebound } from "../support/cli.js";

const sandbox = isolatedHome("badinput");
afterAll(() => sandbox.remove());

function profileFile(name: string, text: string): string {
  const path = join(sandbox.home, name);
  writeFileSync(path, text);
  return path;
}

describe("bad input", () => {
  it("a malformed profile: exit 2, the file:line:column and the reason, and nothing created", async () => {
    const path = profileFile("bad.yaml", "name: bad\nhosts: { a: {} }\nsmeshers:\n  - { group: g, host: a, units: 1, restart: alway }\n");
    const result = await rebound(["up", path], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.trim()).toBe(
      `error: ${path}:4:45: smeshers[0].restart: expected one of no, always, unless-stopped, on-failure[:N], got "alway"`,
    );
    expect(existsSync(join(sandbox.home, "sandboxes"))).toBe(false);
    expect(existsSync(join(sandbox.home, "experiments"))).toBe(false);
  });

  it("a profile that names an unknown host: exit 2 and the spot", async () => {
    const path = profileFile("host.yaml", "name: h\nhosts: { a: {} }\nsmeshers:\n  - { group: g, host: z, units: 1 }\n");
    const result = await rebound(["up", path], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(`${path}:4:23: smeshers[0].host: unknown host "z"; hosts are: a`);
    expect(existsSync(join(sandbox.home, "sandboxes"))).toBe(false);
  });

  it("a missing profile file: exit 2", async () => {
    const result = await rebound(["up", join(sandbox.home, "nope.yaml")], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/cannot read profile .*nope\.yaml/);
  });

  it("an unknown command or option: exit 2", async () => {
    expect((await rebound(["frobnicate"], sandbox.env)).exitCode).toBe(2);
    expect((await rebound(["status", "--frob"], sandbox.env)).exitCode).toBe(2);
  });

  it("status of a profile that is not up: exit 2 with a hint", async () => {
    const result = await rebound(["status", "ghost"], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("profile ghost is not up");
  });

  it("down of a profile that is not up is not an error: nothing to remove", async () => {
    const result = await rebound(["down", "ghost"], sandbox.env);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("nothing to remove");
  });
});
