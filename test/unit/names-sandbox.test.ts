// Sandbox names: built so two profiles never share a sandbox daemon, and parsed back to exactly their parts.
import { describe, expect, it } from "vitest";
import { isSandboxDirName, parseSandboxName, sandboxName } from "../../src/daemon/names.js";
import { sandboxPaths } from "../../src/daemon/paths.js";
import { planOf } from "../support/fake-fleet.js";

const plan = (profile: string, host: string) =>
  planOf(`
name: ${profile}
hosts:
  ${host}: {}
smeshers:
  - { group: s, count: 1, units: 1, host: ${host} }
`);

describe("sandbox names", () => {
  it("profile default-a's host b and profile default's host a-b get different daemons, directories and sockets", () => {
    const one = plan("default-a", "b").hosts[0]!.sandbox.name;
    const two = plan("default", "a-b").hosts[0]!.sandbox.name;
    expect(one).toBe("default-a.b");
    expect(two).toBe("default.a-b");
    expect(one).not.toBe(two);
    expect(sandboxPaths(one).dir).not.toBe(sandboxPaths(two).dir);
    expect(sandboxPaths(one).socket).not.toBe(sandboxPaths(two).socket);
  });

  it("is injective over every split of the same characters: each name parses back to its own profile and host", () => {
    const words = ["a", "b", "a-b", "default", "default-a", "x1", "x-1", "a-b-c"];
    const seen = new Map<string, string>();
    for (const profile of words) {
      for (const host of words) {
        const name = sandboxName(profile, host);
        expect(parseSandboxName(name)).toEqual({ profile, host });
        expect(seen.get(name), `${profile}/${host} collides with ${seen.get(name)}`).toBeUndefined();
        seen.set(name, `${profile}/${host}`);
      }
    }
    expect(seen.size).toBe(words.length ** 2);
  });

  it("the longest name (20 + 1 + 20 characters) is one directory, and the run dir stays short for the socket limit", () => {
    const name = sandboxName("p".repeat(20), "h".repeat(20));
    expect(name).toHaveLength(41);
    expect(isSandboxDirName(name)).toBe(true);
    // Unix socket paths are limited to 108 bytes; the run dir is hashed, so the name's length does not reach it.
    expect(Buffer.byteLength(sandboxPaths(name, { REBOUND_HOME: "/x" }).socket)).toBeLessThan(60);
  });

  it("parses only what it builds, and a directory name is never a path out of sandboxes/", () => {
    for (const bad of ["default-a-b", "a.b.c", ".a", "a.", "A.b", "a./b", "../x.a", "a.b/..", "a\nb.c"]) {
      expect(parseSandboxName(bad), bad).toBeUndefined();
    }
    for (const bad of ["..", ".", "../x", "a/b", "a..b", "", "x\u001b[31m", "-a"]) expect(isSandboxDirName(bad), bad).toBe(false);
    expect(isSandboxDirName("itfleet-a")).toBe(true);
  });
});
