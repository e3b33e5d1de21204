// Where an ssh endpoint points and how rebound authenticates to it and checks the host's key.
import { userInfo } from "node:os";
import { inputError } from "../../errors.js";

export interface SshTarget {
  user: string;
  host: string;
  port: number;
  /** A private key file; otherwise SSH_AUTH_SOCK's agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  identityFile?: string;
  /** The known_hosts file the host key must be in; ~/.ssh/known_hosts when unset. */
  knownHostsFile?: string;
}

// user@ is optional; the host is a name, an IPv4 address or an IPv6 address in brackets; the port is optional.
const SSH_URL = /^ssh:\/\/(?:([A-Za-z0-9._][A-Za-z0-9._-]*)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.-]*)(?::(\d{1,5}))?$/;

/** ssh://[user@]host[:port] as the docker CLI accepts it; the user defaults to the local user, the port to 22. */
export function parseSshUrl(url: string): Pick<SshTarget, "user" | "host" | "port"> {
  const match = SSH_URL.exec(url);
  const port = match?.[3] === undefined ? 22 : Number(match[3]);
  if (!match || port < 1 || port > 65535) {
    // A password, a path or a query is refused rather than dropped: the docker CLI refuses them too.
    throw inputError(`invalid ssh endpoint "${url}": expected ssh://[USER@]HOST[:PORT] (no password, path or query)`);
  }
  const host = match[2]!.startsWith("[") ? match[2]!.slice(1, -1) : match[2]!;
  return { user: match[1] ?? userInfo().username, host, port };
}

/** The endpoint as rebound prints and journals it: ssh://user@host:port. */
export const sshUrlOf = (target: Pick<SshTarget, "user" | "host" | "port">): string =>
  `ssh://${target.user}@${target.host.includes(":") ? `[${target.host}]` : target.host}:${target.port}`;
