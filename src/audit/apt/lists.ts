// apt's downloaded indexes (var/lib/apt/lists): which archives list a package, with their Release fields.
// Plain and .gz Packages files are read; lz4/xz ones (Debian's default is lz4) leave the heuristic to decide.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { releaseRecord, type OriginRecord } from "./origins.js";
import { parseStanzas, stripSignature } from "./stanzas.js";
import type { ListOrigins } from "./facts.js";

export async function readListOrigins(dir: string, names: string[]): Promise<ListOrigins> {
  const files = await readdir(dir).catch(() => [] as string[]);
  const byPackage = new Map<string, OriginRecord[]>();
  const releases = files.filter((f) => /_(In)?Release$/.test(f));
  const indexes = files.filter((f) => /_Packages(\.gz)?$/.test(f));
  const compressed = files.filter((f) => /_Packages\.(lz4|xz|bz2|zst)$/.test(f));
  if (indexes.length === 0) {
    return { byPackage, note: compressed.length > 0 ? `apt lists in ${dir} are compressed (${compressed[0]!.split(".").pop()}), not read` : `no apt lists in ${dir}` };
  }
  for (const index of indexes) {
    const release = releases
      .map((r) => ({ r, prefix: r.replace(/(In)?Release$/, "") }))
      .filter(({ prefix }) => index.startsWith(prefix))
      .sort((a, b) => b.prefix.length - a.prefix.length)[0];
    if (!release) continue;
    const raw = await readFile(join(dir, index));
    const text = (index.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
    const listed = names.filter((name) => new RegExp(`^Package: ${name.replace(/\./g, "\\.")}$`, "m").test(text));
    if (listed.length === 0) continue;
    const fields = parseStanzas(stripSignature(await readFile(join(dir, release.r), "utf8")))[0]?.fields ?? {};
    const component = index.slice(release.prefix.length).split("_")[0] ?? "";
    const record = releaseRecord(fields, component, index.split("_")[0] ?? "", `apt lists: ${release.r}`);
    for (const name of listed) byPackage.set(name, [...(byPackage.get(name) ?? []), record]);
  }
  return { byPackage };
}
