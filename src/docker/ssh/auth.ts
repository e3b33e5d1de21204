// Which credential rebound offers an ssh host: the identity file, else SSH_AUTH_SOCK's agent, else a default key.
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import ssh2 from "ssh2";
import { environmentError } from "../../errors.js";
import { sshUrlOf, type SshTarget } from "./target.js";

export interface SshAuth {
  privateKey?: Buffer;
  agent?: string;
  /** What was offered, for the message when the host refuses it: "key /root/.ssh/id_ed25519" or "the agent at ...". */
  tried: string;
}

const DEFAULT_KEYS = ["id_ed25519", "id_ecdsa", "id_rsa"];

export function sshAuth(target: SshTarget, env: NodeJS.ProcessEnv = process.env): SshAuth {
  const agent = env.SSH_AUTH_SOCK || undefined;
  if (target.identityFile !== undefined) return fromKeyFile(target, target.identityFile, agent);
  if (agent) return { agent, tried: `the ssh agent at ${agent}` };
  const dir = join(homedir(), ".ssh");
  const file = DEFAULT_KEYS.map((name) => join(dir, name)).find((path) => existsSync(path));
  if (file === undefined) {
    throw environmentError(
      `${sshUrlOf(target)}: no ssh credential: SSH_AUTH_SOCK is unset and none of ${DEFAULT_KEYS.map((name) => join(dir, name)).join(", ")} exists`,
      "start ssh-agent and ssh-add a key, or create one with ssh-keygen -t ed25519",
    );
  }
  return fromKeyFile(target, file, undefined);
}

function fromKeyFile(target: SshTarget, file: string, agent: string | undefined): SshAuth {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (error) {
    throw environmentError(`${sshUrlOf(target)}: cannot read ssh key ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const parsed = ssh2.utils.parseKey(text);
  if (!(parsed instanceof Error)) return { privateKey: text, tried: `key ${file}` };
  // rebound never asks for a passphrase: an encrypted key is usable only through an agent that holds it.
  if (/encrypted|passphrase/i.test(parsed.message)) {
    if (agent) return { agent, tried: `the ssh agent at ${agent} (${file} is encrypted)` };
    throw environmentError(
      `${sshUrlOf(target)}: ssh key ${file} is encrypted and no ssh agent is running (SSH_AUTH_SOCK is unset)`,
      `start ssh-agent and ssh-add ${file}`,
    );
  }
  throw environmentError(`${sshUrlOf(target)}: ssh key ${file} cannot be read as a private key: ${parsed.message}`);
}
