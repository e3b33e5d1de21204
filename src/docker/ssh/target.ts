// Where an ssh endpoint points and how rebound authenticates to it and checks the host's key.

export interface SshTarget {
  user: string;
  host: string;
  port: number;
  /** A private key file; otherwise SSH_AUTH_SOCK's agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa. */
  identityFile?: string;
  /** The known_hosts file the host key must be in; ~/.ssh/known_hosts when unset. */
  knownHostsFile?: string;
}

/** ssh://[user@]host[:port] as the docker CLI accepts it; the user defaults to the local user, the port to 22. */
export function parseSshUrl(url: string): Pick<SshTarget, "user" | "host" | "port"> {
  throw new Error(`parseSshUrl(${url}): not built yet`);
}

/** The endpoint as rebound prints and journals it: ssh://user@host:port. */
export const sshUrlOf = (target: Pick<SshTarget, "user" | "host" | "port">): string => `ssh://${target.user}@${target.host}:${target.port}`;
