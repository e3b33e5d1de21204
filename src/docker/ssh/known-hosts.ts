// known_hosts as OpenSSH reads it (plain, hashed, patterns, negation, @revoked), and which verdict a host key gets.
import { createHash, createHmac } from "node:crypto";

export interface KnownHostsEntry {
  /** 1-based line number in the file, for messages. */
  line: number;
  marker?: "revoked" | "cert-authority";
  /** The host field as written: a comma list of patterns, or one |1|salt|hash entry. */
  hosts: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { kind: "known"; line: number }
  | { kind: "unknown" }
  | { kind: "changed"; line: number; knownType: string }
  | { kind: "revoked"; line: number };

/** Every key line; comments, blank lines and lines too short to hold a key are skipped as OpenSSH skips them. */
export function parseKnownHosts(text: string): KnownHostsEntry[] {
  const entries: KnownHostsEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const fields = raw.trim().split(/\s+/);
    if (fields[0] === "" || fields[0]!.startsWith("#")) return;
    let marker: KnownHostsEntry["marker"];
    if (fields[0] === "@revoked" || fields[0] === "@cert-authority") marker = fields.shift()!.slice(1) as KnownHostsEntry["marker"];
    else if (fields[0]!.startsWith("@")) return; // an unknown marker: OpenSSH ignores the line
    const [hosts, keyType, blob] = fields;
    if (hosts === undefined || keyType === undefined || blob === undefined) return;
    entries.push({ line: index + 1, marker, hosts, keyType, key: Buffer.from(blob, "base64") });
  });
  return entries;
}

/** The name OpenSSH looks a host up by: the bare host on port 22, [host]:port otherwise. */
export const lookupName = (host: string, port: number): string => (port === 22 ? host : `[${host}]:${port}`).toLowerCase();

/** OpenSSH's match_pattern: `*` is any run of characters, `?` exactly one, compared without case. */
function globMatches(pattern: string, name: string): boolean {
  const source = pattern.toLowerCase().replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "s").test(name);
}

/** Whether an entry's host field names this host; a matching `!pattern` excludes it whatever else matches. */
export function hostFieldMatches(hosts: string, host: string, port: number): boolean {
  const name = lookupName(host, port);
  if (hosts.startsWith("|1|")) {
    const [, , salt, hash] = hosts.split("|");
    if (salt === undefined || hash === undefined) return false;
    const digest = createHmac("sha1", Buffer.from(salt, "base64")).update(name).digest("base64");
    return digest === hash;
  }
  let matched = false;
  for (const pattern of hosts.split(",")) {
    if (pattern.startsWith("!")) {
      if (globMatches(pattern.slice(1), name)) return false;
    } else if (globMatches(pattern, name)) matched = true;
  }
  return matched;
}

/**
 * The verdict on the key a host offered. A revoked key is refused even if also listed as known; a host listed only
 * with other keys has "changed". @cert-authority lines never match: rebound does not verify host certificates, so a
 * host known only through a CA is reported unknown rather than trusted.
 */
export function judgeHostKey(entries: KnownHostsEntry[], host: string, port: number, keyType: string, key: Buffer): HostKeyVerdict {
  const forHost = entries.filter((entry) => entry.marker !== "cert-authority" && hostFieldMatches(entry.hosts, host, port));
  const revoked = entries.find((entry) => entry.marker === "revoked" && entry.key.equals(key) && hostFieldMatches(entry.hosts, host, port));
  if (revoked) return { kind: "revoked", line: revoked.line };
  const plain = forHost.filter((entry) => entry.marker === undefined);
  const same = plain.find((entry) => entry.keyType === keyType && entry.key.equals(key));
  if (same) return { kind: "known", line: same.line };
  const other = plain.find((entry) => entry.keyType === keyType) ?? plain[0];
  return other ? { kind: "changed", line: other.line, knownType: other.keyType } : { kind: "unknown" };
}

/** The key types known_hosts lists for a host, so the handshake can ask for those first as OpenSSH does. */
export function knownKeyTypes(entries: KnownHostsEntry[], host: string, port: number): string[] {
  const types = entries.filter((entry) => entry.marker === undefined && hostFieldMatches(entry.hosts, host, port)).map((entry) => entry.keyType);
  return [...new Set(types)];
}

/** The key type named inside a public key blob (its first SSH string). */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return "unknown";
  const length = key.readUInt32BE(0);
  return key.subarray(4, 4 + length).toString("latin1");
}

/** `ED25519 SHA256:...` as ssh prints a key: short type name, base64 SHA-256 without padding. */
export function describeKey(key: Buffer): string {
  return `${shortKeyType(keyTypeOf(key))} ${fingerprintSha256(key)}`;
}

export const fingerprintSha256 = (key: Buffer): string => `SHA256:${createHash("sha256").update(key).digest("base64").replace(/=+$/, "")}`;

function shortKeyType(keyType: string): string {
  if (keyType === "ssh-ed25519") return "ED25519";
  if (keyType.startsWith("ecdsa-")) return "ECDSA";
  if (keyType === "ssh-rsa") return "RSA";
  if (keyType === "ssh-dss") return "DSA";
  return keyType;
}
