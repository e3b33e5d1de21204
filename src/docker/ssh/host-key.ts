// Checks the key an ssh host offers against known_hosts and turns a refusal into a one-line exit-3 error.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { environmentError, type ReboundError } from "../../errors.js";
import { describeKey, judgeHostKey, keyTypeOf, knownKeyTypes, lookupName, parseKnownHosts, type KnownHostsEntry } from "./known-hosts.js";
import { sshUrlOf, type SshTarget } from "./target.js";

/** ssh2's default host key algorithms (ssh2 1.x, Node with Ed25519), reordered below to prefer the known types. */
const HOST_KEY_ALGORITHMS = ["ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"];

export interface HostKeyCheck {
  file: string;
  /** Host key algorithms in the order to offer them: the types known_hosts lists for this host first. */
  algorithms: string[];
  /** Undefined when the key is the known one; otherwise the error to report instead of ssh2's "verification failed". */
  refusal(key: Buffer): ReboundError | undefined;
}

export function hostKeyCheck(target: SshTarget): HostKeyCheck {
  const file = target.knownHostsFile ?? join(homedir(), ".ssh", "known_hosts");
  const entries = readEntries(file);
  const known = knownKeyTypes(entries, target.host, target.port).flatMap((type) => (type === "ssh-rsa" ? ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"] : [type]));
  const algorithms = [...new Set([...known.filter((type) => HOST_KEY_ALGORITHMS.includes(type)), ...HOST_KEY_ALGORITHMS])];
  return { file, algorithms, refusal: (key) => refusal(target, file, entries, key) };
}

function readEntries(file: string): KnownHostsEntry[] {
  try {
    return parseKnownHosts(readFileSync(file, "utf8"));
  } catch (error) {
    // A missing file is an empty one (the host is then unknown); an unreadable one is the user's to fix.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw environmentError(`cannot read known_hosts ${file}: ${(error as Error).message}`);
  }
}

function refusal(target: SshTarget, file: string, entries: KnownHostsEntry[], key: Buffer): ReboundError | undefined {
  const verdict = judgeHostKey(entries, target.host, target.port, keyTypeOf(key), key);
  const url = sshUrlOf(target);
  const offered = describeKey(key);
  switch (verdict.kind) {
    case "known":
      return undefined;
    case "unknown":
      return environmentError(
        `${url}: host key ${offered} is not in ${file}`,
        `ssh-keyscan -p ${target.port} ${target.host} >> ${target.knownHostsFile ? file : "~/.ssh/known_hosts"} after checking the fingerprint`,
      );
    case "changed":
      return environmentError(
        `${url}: host key changed: the host offers ${offered} but ${file}:${verdict.line} holds a different ${verdict.knownType} key for it (possible man-in-the-middle)`,
        `if the host was reinstalled, check the new fingerprint, then ssh-keygen -R '${lookupName(target.host, target.port)}' -f ${file} and add the new key`,
      );
    case "revoked":
      return environmentError(`${url}: host key ${offered} is revoked in ${file}:${verdict.line}`, "the host must get a new key; this one is refused");
  }
}
