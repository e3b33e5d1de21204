// known_hosts parsing and matching as OpenSSH does it, and the fingerprint format ssh prints.
import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { describeKey, fingerprintSha256, hostFieldMatches, judgeHostKey, keyTypeOf, knownKeyTypes, parseKnownHosts } from "../../src/docker/ssh/known-hosts.js";

// Real keys made with ssh-keygen; their fingerprints are what `ssh-keygen -lf` printed for them.
const ED = "AAAAC3NzaC1lZDI1NTE5AAAAIF5ckxjIZq92l8iU7FW5yAqXw5sHSiK3KPwD5HLQcFEC";
const ED_FINGERPRINT = "SHA256:pXJGNGjNK+kldTotD/N/ePtZNFMg6h3YgRSzNgFcjyo";
const RSA =
  "AAAAB3NzaC1yc2EAAAADAQABAAAAgQCvTj6wEZCp/sz7Xm18uKhXdh+BV4FJUPjpXoptFZfmwrh1erLXbniTSD1nhleHfDyp7qOT2Gtc/TAqK0mCBXhR3aFDSnbj13Vx+2gWgqTgTQC/4YUq7y9JKZvazoJ9RlIWVSQkXAyaHO8pZicNWyRYqWs4BICPXbWRXO6VFl7DRQ==";
const RSA_FINGERPRINT = "SHA256:/aSnGJjkPAf1nRtZ5IUejtZ1sCEwjK9GEJAUHWZxqjE";
const edKey = Buffer.from(ED, "base64");
const rsaKey = Buffer.from(RSA, "base64");

const judge = (text: string, host: string, port: number, key = edKey) => judgeHostKey(parseKnownHosts(text), host, port, keyTypeOf(key), key);

/** A HashKnownHosts entry as OpenSSH writes it: |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
function hashed(name: string): string {
  const salt = randomBytes(20);
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
}

describe("fingerprints", () => {
  it("are SHA256: and unpadded base64, as ssh-keygen -l prints them", () => {
    expect(fingerprintSha256(edKey)).toBe(ED_FINGERPRINT);
    expect(fingerprintSha256(rsaKey)).toBe(RSA_FINGERPRINT);
    expect(describeKey(edKey)).toBe(`ED25519 ${ED_FINGERPRINT}`);
    expect(describeKey(rsaKey)).toBe(`RSA ${RSA_FINGERPRINT}`);
  });

  it("read the key type from the blob", () => {
    expect(keyTypeOf(edKey)).toBe("ssh-ed25519");
    expect(keyTypeOf(rsaKey)).toBe("ssh-rsa");
  });
});

describe("parsing", () => {
  it("skips comments, blank lines, short lines and unknown markers, and keeps line numbers", () => {
    const entries = parseKnownHosts(`# a comment\n\n   \nbroken-line-without-key\n@unknown h ssh-ed25519 ${ED}\n  h1,h2 ssh-ed25519 ${ED} comment words\n@revoked * ssh-rsa ${RSA}\n`);
    expect(entries.map((entry) => [entry.line, entry.hosts, entry.keyType, entry.marker])).toEqual([
      [6, "h1,h2", "ssh-ed25519", undefined],
      [7, "*", "ssh-rsa", "revoked"],
    ]);
    expect(entries[0]!.key.equals(edKey)).toBe(true);
  });
});

describe("host matching", () => {
  it("matches plain names and comma lists without case", () => {
    expect(hostFieldMatches("alpha,Beta.example,10.0.0.1", "beta.EXAMPLE", 22)).toBe(true);
    expect(hostFieldMatches("alpha,beta", "gamma", 22)).toBe(false);
  });

  it("uses [host]:port for any port but 22, and the bare name only for 22", () => {
    expect(hostFieldMatches("[10.0.0.5]:2222", "10.0.0.5", 2222)).toBe(true);
    expect(hostFieldMatches("10.0.0.5", "10.0.0.5", 2222)).toBe(false);
    expect(hostFieldMatches("[10.0.0.5]:2222", "10.0.0.5", 22)).toBe(false);
    expect(hostFieldMatches("[10.0.0.5]:22", "10.0.0.5", 22)).toBe(false);
  });

  it("matches * and ? patterns, and a matching !pattern excludes the host", () => {
    expect(hostFieldMatches("*.example", "node1.example", 22)).toBe(true);
    expect(hostFieldMatches("node?.example", "node7.example", 22)).toBe(true);
    expect(hostFieldMatches("node?.example", "node17.example", 22)).toBe(false);
    expect(hostFieldMatches("[*.example]:2222", "a.example", 2222)).toBe(true);
    expect(hostFieldMatches("*.example,!bad.example", "bad.example", 22)).toBe(false);
    expect(hostFieldMatches("!bad.example,*.example", "good.example", 22)).toBe(true);
    // Negation alone never makes a match.
    expect(hostFieldMatches("!bad.example", "good.example", 22)).toBe(false);
    // Dots are literal, not regular-expression wildcards.
    expect(hostFieldMatches("10.0.0.1", "10a0b0c1", 22)).toBe(false);
  });

  it("matches hashed entries (made here, and as ssh-keygen -H wrote them)", () => {
    expect(hostFieldMatches(hashed("node1.example"), "node1.example", 22)).toBe(true);
    expect(hostFieldMatches(hashed("node1.example"), "node2.example", 22)).toBe(false);
    expect(hostFieldMatches(hashed("[node1.example]:2222"), "node1.example", 2222)).toBe(true);
    expect(hostFieldMatches(hashed("node1.example"), "node1.example", 2222)).toBe(false);
    expect(hostFieldMatches("|1|Tm2EbyCSqrlPEEVXaVkKv0RRmVA=|t4/6gAO9/OjE3Qcl0aIPLQiAvng=", "10.0.0.5", 2222)).toBe(true);
    expect(hostFieldMatches("|1|TDL4JTUjhg3eaO8GeH3A1cTp9i4=|7nr3w7bAEQk3jNQtoKSq0skiunM=", "host.example", 22)).toBe(true);
    expect(hostFieldMatches("|1|TDL4JTUjhg3eaO8GeH3A1cTp9i4=|7nr3w7bAEQk3jNQtoKSq0skiunM=", "host.example", 2222)).toBe(false);
  });
});

describe("verdicts", () => {
  it("known when a matching line holds the same key, with its line number", () => {
    expect(judge(`other ssh-rsa ${RSA}\n\nnode1 ssh-ed25519 ${ED}\n`, "node1", 22)).toEqual({ kind: "known", line: 3 });
    expect(judge(`${hashed("[node1]:2200")} ssh-ed25519 ${ED}\n`, "node1", 2200)).toEqual({ kind: "known", line: 1 });
  });

  it("unknown when no line matches the host, or only a commented one does", () => {
    expect(judge(`other ssh-ed25519 ${ED}\n# node1 ssh-ed25519 ${ED}\n`, "node1", 22)).toEqual({ kind: "unknown" });
    expect(judge("", "node1", 22)).toEqual({ kind: "unknown" });
  });

  it("changed when the host is listed with a different key of the same type, naming that line", () => {
    const other = Buffer.from(edKey);
    other[other.length - 1] ^= 1;
    expect(judge(`node1 ssh-ed25519 ${other.toString("base64")}\n`, "node1", 22)).toEqual({ kind: "changed", line: 1, knownType: "ssh-ed25519" });
  });

  it("changed when the host is listed only with a key of another type", () => {
    expect(judge(`x y\nnode1 ssh-rsa ${RSA}\n`, "node1", 22)).toEqual({ kind: "changed", line: 2, knownType: "ssh-rsa" });
  });

  it("known when one of several keys for the host is the offered one", () => {
    expect(judge(`node1 ssh-rsa ${RSA}\nnode1 ssh-ed25519 ${ED}\n`, "node1", 22)).toEqual({ kind: "known", line: 2 });
  });

  it("revoked refuses a key even if it is also listed as known", () => {
    expect(judge(`node1 ssh-ed25519 ${ED}\n@revoked * ssh-ed25519 ${ED}\n`, "node1", 22)).toEqual({ kind: "revoked", line: 2 });
    // A revocation for other hosts does not apply.
    expect(judge(`node1 ssh-ed25519 ${ED}\n@revoked node2 ssh-ed25519 ${ED}\n`, "node1", 22)).toEqual({ kind: "known", line: 1 });
  });

  it("ignores @cert-authority lines (host certificates are not supported)", () => {
    expect(judge(`@cert-authority * ssh-ed25519 ${ED}\n`, "node1", 22)).toEqual({ kind: "unknown" });
  });

  it("a negated pattern keeps a line from vouching for the host", () => {
    expect(judge(`*,!node1 ssh-ed25519 ${ED}\n`, "node1", 22)).toEqual({ kind: "unknown" });
  });

  it("lists the known key types for a host, so the handshake asks for them first", () => {
    expect(knownKeyTypes(parseKnownHosts(`node1 ssh-rsa ${RSA}\nnode1 ssh-rsa ${RSA}\nnode2 ssh-ed25519 ${ED}\n@revoked node1 ssh-ed25519 ${ED}\n`), "node1", 22)).toEqual(["ssh-rsa"]);
  });
});
