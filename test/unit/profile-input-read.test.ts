// Profiles are read only from regular files of at most 1 MiB: every other kind of path is a one-line exit-2 error.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { ReboundError } from "../../src/errors.js";
import { MAX_PROFILE_BYTES } from "../../src/profile/limits.js";
import { loadProfile } from "../../src/profile/load.js";

const SHIPPED = join(import.meta.dirname, "..", "..", "profiles", "default.yaml");
let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rebound-profile-input-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The error loadProfile throws, within `ms`: a read that blocks (a FIFO without a writer) fails the test. */
async function rejection(path: string, ms = 5_000): Promise<ReboundError> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`loadProfile(${path}) still running after ${ms} ms`)), ms);
  });
  try {
    const err: unknown = await Promise.race([loadProfile(path).then(() => undefined, (e: unknown) => e), timeout]);
    expect(err).toBeInstanceOf(ReboundError);
    const rebound = err as ReboundError;
    expect(rebound.kind).toBe("input");
    expect(rebound.exitCode).toBe(2);
    expect(rebound.message.split("\n")).toHaveLength(1);
    return rebound;
  } finally {
    clearTimeout(timer);
  }
}

describe("loadProfile reads only regular files", () => {
  it("rejects a FIFO at once, without waiting for a writer", async () => {
    const fifo = join(dir, "pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    const err = await rejection(fifo);
    expect(err.message).toBe(`cannot read profile ${fifo}: it is a FIFO (named pipe), not a regular file`);
  });

  it("rejects a directory", async () => {
    const sub = join(dir, "folder.yaml");
    await mkdir(sub);
    expect((await rejection(sub)).message).toBe(`cannot read profile ${sub}: it is a directory, not a regular file`);
  });

  it("rejects /dev/zero without reading it (it never ends) and /dev/null (a device, though empty)", async () => {
    expect((await rejection("/dev/zero")).message).toBe("cannot read profile /dev/zero: it is a character device, not a regular file");
    expect((await rejection("/dev/null")).message).toBe("cannot read profile /dev/null: it is a character device, not a regular file");
  });

  it("rejects a missing file and a path through a file", async () => {
    const missing = join(dir, "missing.yaml");
    expect((await rejection(missing)).message).toBe(`cannot read profile ${missing}: no such file`);
    const through = join(dir, "regular.txt", "x.yaml");
    await writeFile(join(dir, "regular.txt"), "x");
    expect((await rejection(through)).message).toBe(`cannot read profile ${through}: a part of the path is not a directory`);
  });

  it("rejects a file over 1 MiB from its size, without reading it", async () => {
    const big = join(dir, "big.yaml");
    await writeFile(big, "");
    await truncate(big, 5_000_000); // sparse: a 5 MB file that costs nothing to make
    const started = performance.now();
    const err = await rejection(big);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(err.message).toBe(`cannot read profile ${big}: 5000000 bytes, over the limit of 1048576 bytes (1 MiB) for a profile`);
    await truncate(big, MAX_PROFILE_BYTES + 1);
    expect((await rejection(big)).message).toContain(`${MAX_PROFILE_BYTES + 1} bytes, over the limit`);
  });

  it("accepts a profile of exactly 1 MiB and a symbolic link to a regular file", async () => {
    const text = await readFile(SHIPPED, "utf8");
    const padded = join(dir, "padded.yaml");
    const comment = `# ${"x".repeat(MAX_PROFILE_BYTES - Buffer.byteLength(text) - 3)}\n`;
    await writeFile(padded, text + comment);
    expect((await readFile(padded)).length).toBe(MAX_PROFILE_BYTES);
    expect((await loadProfile(padded)).name).toBe("default");
    const link = join(dir, "link.yaml");
    await symlink(SHIPPED, link);
    expect((await loadProfile(link)).name).toBe("default");
  });

  it("names the line and column of the first byte that is not UTF-8", async () => {
    const latin1 = join(dir, "latin1.yaml");
    await writeFile(latin1, Buffer.concat([Buffer.from("name: caf"), Buffer.from([0xe9]), Buffer.from("\n")]));
    expect((await rejection(latin1)).message).toBe(`${latin1}:1:10: not UTF-8 text: a profile is a UTF-8 YAML file`);
  });

  it("escapes control characters in the path it names", async () => {
    const odd = join(dir, "odd\n\u001b[31mname.yaml");
    expect((await rejection(odd)).message).toBe(`cannot read profile ${dir}/odd\\n\\u001b[31mname.yaml: no such file`);
  });
});

describe("rebound up on a path that is not a profile file", () => {
  let home = "";
  let stderr = "";
  let listeners: Function[] = [];
  beforeEach(async () => {
    listeners = [...process.listeners("SIGINT"), ...process.listeners("SIGTERM")];
    home = await mkdtemp(join(tmpdir(), "rebound-profile-input-home-"));
    vi.stubEnv("REBOUND_HOME", home);
    vi.stubEnv("NO_COLOR", "1");
    stderr = "";
    vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  });
  afterEach(async () => {
    for (const name of ["SIGINT", "SIGTERM"] as const) {
      for (const listener of process.listeners(name)) if (!listeners.includes(listener)) process.off(name, listener);
    }
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await rm(home, { recursive: true, force: true });
  });

  it.each([
    ["a FIFO", "cli-pipe.yaml", "it is a FIFO (named pipe), not a regular file"],
    ["/dev/zero", "/dev/zero", "it is a character device, not a regular file"],
    ["a sparse 5 MB file", "cli-big.yaml", "5000000 bytes, over the limit of 1048576 bytes (1 MiB) for a profile"],
  ])("exits 2 for %s with one line naming the path and why, and creates nothing", async (_, name, why) => {
    const path = name.startsWith("/") ? name : join(dir, name);
    if (name === "cli-pipe.yaml") execFileSync("mkfifo", [path]);
    if (name === "cli-big.yaml") await writeFile(path, "").then(() => truncate(path, 5_000_000));
    for (const command of ["up", "run"]) {
      stderr = "";
      expect(await main([command, path])).toBe(2);
      expect(stderr).toBe(`error: cannot read profile ${path}: ${why}\n`);
    }
    expect(await readdir(home)).toEqual([]);
  });
});
