// The one-line errors a refused host key gives (exit 3), read from a known_hosts file.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hostKeyCheck } from "../../src/docker/ssh/host-key.js";

const ED = "AAAAC3NzaC1lZDI1NTE5AAAAIF5ckxjIZq92l8iU7FW5yAqXw5sHSiK3KPwD5HLQcFEC";
const key = Buffer.from(ED, "base64");
const dir = mkdtempSync(join(tmpdir(), "rebound-ssh-host-key-"));

function check(text: string | undefined, port = 22) {
  const file = join(dir, `known_hosts_${Math.random().toString(36).slice(2)}`);
  if (text !== undefined) writeFileSync(file, text);
  return { file, check: hostKeyCheck({ user: "root", host: "10.254.1.2", port, knownHostsFile: file }) };
}

describe("host key refusals", () => {
  it("accepts the known key", () => {
    expect(check(`10.254.1.2 ssh-ed25519 ${ED}\n`).check.refusal(key)).toBeUndefined();
  });

  it("an unknown key: exit 3, the fingerprint and file, and the ssh-keyscan line", () => {
    const { file, check: c } = check("", 2222);
    const error = c.refusal(key)!;
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`ssh://root@10.254.1.2:2222: host key ED25519 SHA256:pXJGNGjNK+kldTotD/N/ePtZNFMg6h3YgRSzNgFcjyo is not in ${file}`);
    expect(error.suggestion).toBe(`ssh-keyscan -p 2222 10.254.1.2 >> ${file} after checking the fingerprint`);
  });

  it("a missing known_hosts file is an empty one", () => {
    const { file, check: c } = check(undefined);
    expect(c.refusal(key)!.message).toContain(`is not in ${file}`);
  });

  it("a changed key: exit 3, says changed and names the line", () => {
    const other = Buffer.from(key);
    other[other.length - 1] ^= 1;
    const { file, check: c } = check(`# header\n10.254.1.2 ssh-ed25519 ${other.toString("base64")}\n`);
    const error = c.refusal(key)!;
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain("host key changed");
    expect(error.message).toContain(`${file}:2`);
    expect(error.message).toContain("man-in-the-middle");
    expect(error.message).not.toContain("\n");
  });

  it("a revoked key: exit 3, names the line", () => {
    const { file, check: c } = check(`10.254.1.2 ssh-ed25519 ${ED}\n@revoked 10.254.1.2 ssh-ed25519 ${ED}\n`);
    expect(c.refusal(key)!.message).toContain(`revoked in ${file}:2`);
  });

  it("offers the host's known key types first in the handshake", () => {
    expect(check(`10.254.1.2 ssh-rsa AAAA\n`).check.algorithms.slice(0, 4)).toEqual(["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519"]);
    expect(check("").check.algorithms[0]).toBe("ssh-ed25519");
  });
});
