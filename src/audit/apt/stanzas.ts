// Debian's RFC 822-style files (dpkg status, Release, Packages, debconf's config.dat): stanzas of "Field: value".

export interface Stanza {
  fields: Record<string, string>;
  /** 1-based line of the stanza's first field. */
  line: number;
}

/** Field names are matched case-insensitively, as dpkg does: keys are lower-cased. */
export function parseStanzas(text: string): Stanza[] {
  const stanzas: Stanza[] = [];
  let current: Stanza | undefined;
  let last = "";
  text.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") {
      current = undefined;
      return;
    }
    if (/^[ \t]/.test(line)) {
      if (current && last) current.fields[last] += `\n${line.trim()}`;
      return;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) return;
    if (!current) {
      current = { fields: {}, line: index + 1 };
      stanzas.push(current);
    }
    last = line.slice(0, colon).trim().toLowerCase();
    current.fields[last] = line.slice(colon + 1).trim();
  });
  return stanzas;
}

/** A signed InRelease file is a Release file inside an OpenPGP envelope. */
export function stripSignature(text: string): string {
  const start = text.indexOf("-----BEGIN PGP SIGNED MESSAGE-----");
  if (start < 0) return text;
  const body = text.slice(text.indexOf("\n\n", start) + 2);
  const end = body.indexOf("-----BEGIN PGP SIGNATURE-----");
  return end < 0 ? body : body.slice(0, end);
}
