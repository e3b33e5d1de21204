// unattended-upgrades' matching, as its Python source does it: Origins-Pattern "key=value,..." with fnmatch
// globs, Allowed-Origins "origin:archive", ${distro_id}/${distro_codename}, and Package-Blacklist regular
// expressions applied with re.match (anchored at the start only: "docker" also matches docker-ce).
import type { Distro, OriginRecord } from "./origins.js";

const FIELDS: Record<string, keyof Omit<OriginRecord, "source">> = {
  o: "origin", origin: "origin", l: "label", label: "label", a: "archive", suite: "archive", archive: "archive",
  c: "component", component: "component", n: "codename", codename: "codename", site: "site",
};

/** fnmatch: *, ? and [...] globs, the whole string. */
export function fnmatch(text: string, glob: string): boolean {
  let re = "^";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") re += ".*";
    else if (c === "?") re += ".";
    else if (c === "[" && glob.indexOf("]", i + 1) > i) {
      const end = glob.indexOf("]", i + 1);
      re += `[${glob.slice(i + 1, end).replace(/^!/, "^").replace(/\\/g, "\\\\")}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, "\\$&");
  }
  return new RegExp(`${re}$`).test(text);
}

export function substitute(text: string, distro: Distro | undefined): string {
  // An unknown distribution must not hide a match: the variables then match anything.
  return text.replace(/\$\{distro_id\}/g, distro?.id ?? "*").replace(/\$\{distro_codename\}/g, distro?.codename ?? "*");
}

/** Origins-Pattern entry against one origin; an unknown key makes unattended-upgrades fail, so it matches nothing. */
export function matchesPattern(pattern: string, record: OriginRecord, distro: Distro | undefined): boolean {
  const text = substitute(pattern, distro).trim().replace(/\\,/g, "%2C");
  if (text === "") return false;
  return text.split(",").every((token) => {
    const [what = "", value = ""] = token.split("=").map((part) => part.trim().replace(/%2C/g, ","));
    const field = FIELDS[what];
    if (!field) return false;
    return record[field].some((candidate) => candidate === "*" || fnmatch(candidate, value));
  });
}

/** Allowed-Origins "Debian:bookworm-security" is the pattern o=Debian,a=bookworm-security. */
export function allowedOriginToPattern(entry: string): string {
  const parts = entry.split(/(?<!\\):/);
  const [id, archive] = parts.length === 2 ? parts : entry.trim().split(/\s+/);
  const esc = (s: string | undefined) => (s ?? "").replace(/\\:/g, ":").replace(/([^\\]),/g, "$1\\,");
  return `o=${esc(id)},a=${esc(archive)}`;
}

/** Python's re.match: anchored at the start, not at the end. Undefined when JavaScript cannot compile it. */
export function blacklistMatches(regex: string, packageName: string): boolean | undefined {
  try {
    return new RegExp(`^(?:${regex})`).test(packageName);
  } catch {
    return undefined;
  }
}
