// Reads a host's package configuration under a root directory (the only I/O of the apt source): apt.conf.d,
// dpkg status, maintainer scripts, debconf answers, os-release and apt's lists. Nothing is ever written.
import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { inputError } from "../../errors.js";
import { chooseConfFiles } from "./conf-files.js";
import { parseAptConf } from "./conf-parse.js";
import { parseDebconf, parseDpkgStatus } from "./dpkg.js";
import type { AptFacts } from "./facts.js";
import type { ConfStatement } from "./conf-parse.js";
import type { Distro } from "./origins.js";
import { readListOrigins } from "./lists.js";
import { DOCKER_PACKAGES } from "./packages.js";

const read = (path: string) => readFile(path, "utf8").catch(() => undefined);

async function readDistro(root: string): Promise<Distro | undefined> {
  for (const rel of ["etc/os-release", "usr/lib/os-release"]) {
    const text = await read(join(root, rel));
    if (text === undefined) continue;
    const fields = Object.fromEntries([...text.matchAll(/^([A-Z_]+)=["']?([^"'\n]*)["']?$/gm)].map((m) => [m[1]!, m[2]!]));
    const id = fields.ID ?? "";
    const name = id === "debian" ? "Debian" : id === "ubuntu" ? "Ubuntu" : id.charAt(0).toUpperCase() + id.slice(1);
    return { id: name, codename: fields.VERSION_CODENAME ?? "", evidence: `${join(root, rel)}: ID=${id}, VERSION_CODENAME=${fields.VERSION_CODENAME ?? ""}` };
  }
  return undefined;
}

async function readConf(root: string) {
  const dir = join(root, "etc/apt/apt.conf.d");
  const names = await readdir(dir).catch(() => [] as string[]);
  const choice = chooseConfFiles(names);
  const statements: ConfStatement[] = [];
  for (const name of choice.read) statements.push(...parseAptConf((await read(join(dir, name))) ?? "", join(dir, name)));
  // apt reads the parts directory first, then the main file.
  const main = join(root, "etc/apt/apt.conf");
  statements.push(...parseAptConf((await read(main)) ?? "", main));
  const ignoredFiles = await Promise.all(
    choice.ignored.map(async ({ name, reason }) => ({
      file: join(dir, name),
      reason,
      configuresUnattended: /Unattended-Upgrade|APT::Periodic/i.test((await read(join(dir, name))) ?? ""),
    })),
  );
  return { statements, ignoredFiles };
}

async function readScripts(root: string, names: string[]): Promise<AptFacts["scripts"]> {
  const scripts: AptFacts["scripts"] = new Map();
  for (const name of names) {
    const entry: { postinst?: { file: string; text: string }; prerm?: { file: string; text: string } } = {};
    for (const phase of ["postinst", "prerm"] as const) {
      for (const file of [`${name}.${phase}`, `${name}:amd64.${phase}`, `${name}:arm64.${phase}`]) {
        const path = join(root, "var/lib/dpkg/info", file);
        const text = await read(path);
        if (text !== undefined) {
          entry[phase] = { file: path, text };
          break;
        }
      }
    }
    scripts.set(name, entry);
  }
  return scripts;
}

export async function readAptRoot(root: string): Promise<AptFacts> {
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) throw inputError(`--apt-root ${root}: no such directory`);
  const statusFile = join(root, "var/lib/dpkg/status");
  const all = parseDpkgStatus((await read(statusFile)) ?? "");
  const packages = all.filter((p) => DOCKER_PACKAGES.includes(p.name) && p.installed);
  const names = packages.map((p) => p.name);
  const [conf, distro, lists, scripts, debconf] = await Promise.all([
    readConf(root),
    readDistro(root),
    readListOrigins(join(root, "var/lib/apt/lists"), names),
    readScripts(root, names),
    read(join(root, "var/cache/debconf/config.dat")).then((text) => parseDebconf(text ?? "")),
  ]);
  return { root, ...conf, packages, unattendedPackage: all.find((p) => p.name === "unattended-upgrades"), statusFile, distro, lists, scripts, debconf };
}
