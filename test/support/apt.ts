// Test support: Debian packages for tests, from Debian's own archive only. Installing needs root and
// apt-get; downloading (apt-get download) and unpacking (dpkg-deb) leave the host's configuration alone.
import { chmodSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";

const APT_ENV = { DEBIAN_FRONTEND: "noninteractive", LC_ALL: "C" };

async function aptGet(args: string[], cwd?: string): Promise<void> {
  const attempt = () => execa("apt-get", args, { cwd, env: APT_ENV, reject: false, timeout: 300_000 });
  let result = await attempt();
  if (result.exitCode !== 0) {
    // A fresh machine has no package lists yet; refresh once and try again.
    await execa("apt-get", ["update"], { env: APT_ENV, timeout: 300_000 });
    result = await attempt();
  }
  if (result.exitCode !== 0) throw new Error(`apt-get ${args.join(" ")} failed: ${String(result.stderr).split("\n").pop()}`);
}

/** Makes sure `program` is on PATH, installing Debian's `pkg` when it is not. */
export async function ensureDebianPackage(pkg: string, program: string): Promise<void> {
  const found = await execa("sh", ["-c", `command -v ${program}`], { reject: false });
  if (found.exitCode === 0) return;
  if (process.getuid?.() !== 0) throw new Error(`${program} is missing: installing Debian's ${pkg} needs root`);
  await aptGet(["install", "-y", "--no-install-recommends", pkg]);
}

/** Debian's `pkg` as a .deb, without installing it: apt's own cache when it has it, else apt-get download into `dir`. */
export async function debianPackageFile(pkg: string, dir: string): Promise<string> {
  const cache = "/var/cache/apt/archives";
  const cached = existsSync(cache) ? readdirSync(cache).find((name) => name.startsWith(`${pkg}_`) && name.endsWith(".deb")) : undefined;
  if (cached) return join(cache, cached);
  // apt's sandbox user must be able to write the download there.
  chmodSync(dir, 0o755);
  await aptGet(["download", pkg], dir);
  const deb = readdirSync(dir).find((name) => name.startsWith(`${pkg}_`) && name.endsWith(".deb"));
  if (!deb) throw new Error(`apt-get download ${pkg} left no .deb in ${dir}`);
  return join(dir, deb);
}

/** Unpacks a .deb's files under a root (dpkg-deb -x): no maintainer script runs, nothing is configured. */
export async function unpackDeb(deb: string, root: string): Promise<void> {
  await execa("dpkg-deb", ["-x", deb, root]);
}

/** A .deb's maintainer scripts (dpkg-deb -e) into `dir`, and its version. */
export async function debControl(deb: string, dir: string): Promise<{ version: string }> {
  await execa("dpkg-deb", ["-e", deb, dir]);
  return { version: (await execa("dpkg-deb", ["-f", deb, "Version"])).stdout.trim() };
}
