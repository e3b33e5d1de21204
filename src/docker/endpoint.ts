// Docker endpoints (unix://, tcp:// with TLS, ssh://) as dockerode options, every field explicit.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type Docker from "dockerode";
import { environmentError, inputError } from "../errors.js";

/** dockerode options for an endpoint; every field is explicit so DOCKER_HOST in the environment cannot override it. */
export function dockerOptions(endpoint: string, env: NodeJS.ProcessEnv = process.env, timeoutMs?: number): Docker.DockerOptions {
  // dockerode reads DOCKER_HOST for any option left out: a sandbox endpoint must never turn into the user's daemon.
  const base = { host: undefined, port: undefined, socketPath: undefined, timeout: timeoutMs } as Docker.DockerOptions;
  if (endpoint.startsWith("unix://")) return { ...base, socketPath: endpoint.slice("unix://".length) };
  const url = /^(tcp|ssh):\/\/./.test(endpoint) ? new URL(endpoint) : undefined;
  if (url?.protocol === "ssh:") {
    return { ...base, protocol: "ssh", host: url.hostname, port: url.port || 22, username: url.username || undefined, sshOptions: { agent: env.SSH_AUTH_SOCK } } as Docker.DockerOptions;
  }
  if (url?.protocol === "tcp:") {
    const tls = env.DOCKER_TLS_VERIFY === "1" || env.DOCKER_CERT_PATH !== undefined || url.port === "2376";
    if (!tls) return { ...base, protocol: "http", host: url.hostname, port: url.port || 2375 };
    const dir = env.DOCKER_CERT_PATH || join(homedir(), ".docker");
    const pem = (name: string) => {
      try {
        return readFileSync(join(dir, name));
      } catch {
        throw environmentError(`TLS for ${endpoint}: cannot read ${join(dir, name)}`, "set DOCKER_CERT_PATH to the directory holding ca.pem, cert.pem and key.pem");
      }
    };
    return { ...base, protocol: "https", host: url.hostname, port: url.port || 2376, ca: pem("ca.pem"), cert: pem("cert.pem"), key: pem("key.pem") };
  }
  throw inputError(`unsupported Docker endpoint "${endpoint}": expected unix:///PATH, tcp://HOST:PORT or ssh://[USER@]HOST`);
}

