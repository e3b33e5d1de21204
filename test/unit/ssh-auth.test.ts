// Which credential rebound offers an ssh host, and the exit-3 errors when it has none it can use.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ssh2 from "ssh2";
import { describe, expect, it } from "vitest";
import { sshAuth } from "../../src/docker/ssh/auth.js";
import { ReboundError } from "../../src/errors.js";

const dir = mkdtempSync(join(tmpdir(), "rebound-ssh-auth-"));
const plain = join(dir, "plain");
const encrypted = join(dir, "encrypted");
writeFileSync(plain, ssh2.utils.generateKeyPairSync("ed25519").private);
writeFileSync(encrypted, ssh2.utils.generateKeyPairSync("ed25519", { passphrase: "secret", cipher: "aes256-ctr", rounds: 4 }).private);
const target = { user: "root", host: "10.254.1.2", port: 22 };

function thrown(run: () => unknown): ReboundError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ReboundError);
    return error as ReboundError;
  }
  throw new Error("expected an error");
}

describe("ssh credentials", () => {
  it("uses the identity file when one is given, even with an agent", () => {
    const auth = sshAuth({ ...target, identityFile: plain }, { SSH_AUTH_SOCK: "/run/agent.sock" });
    expect(auth.privateKey).toBeDefined();
    expect(auth.agent).toBeUndefined();
    expect(auth.tried).toBe(`key ${plain}`);
  });

  it("uses the agent when no identity file is given", () => {
    expect(sshAuth(target, { SSH_AUTH_SOCK: "/run/agent.sock" })).toEqual({ agent: "/run/agent.sock", tried: "the ssh agent at /run/agent.sock" });
  });

  it("an encrypted key without an agent: exit 3, saying so", () => {
    const error = thrown(() => sshAuth({ ...target, identityFile: encrypted }, {}));
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`ssh://root@10.254.1.2:22: ssh key ${encrypted} is encrypted and no ssh agent is running (SSH_AUTH_SOCK is unset)`);
  });

  it("an encrypted key with an agent: the agent is offered", () => {
    expect(sshAuth({ ...target, identityFile: encrypted }, { SSH_AUTH_SOCK: "/run/agent.sock" }).agent).toBe("/run/agent.sock");
  });

  it("a missing identity file: exit 3, naming it", () => {
    const error = thrown(() => sshAuth({ ...target, identityFile: join(dir, "nope") }, {}));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain(`cannot read ssh key ${join(dir, "nope")}: ENOENT`);
  });
});
