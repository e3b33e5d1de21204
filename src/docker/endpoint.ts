// Which Docker engine to talk to, resolved as the docker CLI does (flag, context, DOCKER_HOST, DOCKER_CONTEXT,
// config.json's currentContext, the default socket), and its dockerode options with every field explicit.
import { Agent as HttpsAgent } from "node:https";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import type Docker from "dockerode";
import { inputError } from "../errors.js";
import { currentContextName, DEFAULT_CONTEXT, dockerConfigDir, readContext } from "./contexts.js";
import { sshHttpAgent } from "./ssh/session.js";
import { parseSshUrl, sshUrlOf, type SshTarget } from "./ssh/target.js";
import { loadTls, type TlsMaterial } from "./tls.js";

export type { TlsMaterial };
export type EndpointSource = "flag" | "profile" | "DOCKER_HOST" | "DOCKER_CONTEXT" | "current context" | "default";
export type ResolvedEndpoint =
  | { kind: "unix"; url: string; socketPath: string; source: EndpointSource; context?: string }
  | { kind: "tcp"; url: string; host: string; port: number; tls?: TlsMaterial; source: EndpointSource; context?: string }
  | { kind: "ssh"; url: string; ssh: SshTarget; source: EndpointSource; context?: string };

export interface EndpointRequest {
  /** -H or a profile's `endpoint:`; wins over everything. */
  host?: string;
  /** --context or a profile's `context:` */
  context?: string;
  /** TLS files (absolute, or relative to baseDir); verify defaults to true. */
  tls?: { ca?: string; cert?: string; key?: string; verify?: boolean };
  ssh?: { identityFile?: string; knownHosts?: string };
  baseDir?: string;
  /** "profile" when the request comes from a profile; default "flag". */
  source?: "flag" | "profile";
}

export const DEFAULT_SOCKET = "unix:///var/run/docker.sock";

/** How the host was given, for messages: where to look when it is wrong. */
interface Origin {
  source: EndpointSource;
  context?: string;
  /** e.g. `-H`, `DOCKER_HOST`, `context "t1" (/root/.docker/contexts/meta/…/meta.json)` */
  what: string;
}

const expand = (path: string, baseDir: string) => (path === "~" || path.startsWith("~/") ? join(homedir(), path.slice(1)) : isAbsolute(path) ? path : resolve(baseDir, path));

/**
 * The steps of docker/cli's resolveContextName (cli/command/cli.go): --context, then -H / DOCKER_HOST mean the
 * "default" context, then DOCKER_CONTEXT, then config.json's currentContext. -H and --context together is an error
 * there too ("conflicting options: cannot specify both --host and --context").
 */
export function resolveEndpoint(request: EndpointRequest, env: NodeJS.ProcessEnv = process.env): ResolvedEndpoint {
  const given: EndpointSource = request.source ?? "flag";
  if (request.host !== undefined && request.context !== undefined) {
    throw inputError(`conflicting options: a Docker host (${request.host}) and a context (${request.context}) are both given`, given === "profile" ? "a host takes endpoint: or context:, not both" : "choose -H or --context");
  }
  if (request.host !== undefined) {
    const fromFiles = requestTls(request);
    // docker applies DOCKER_TLS_VERIFY and DOCKER_CERT_PATH to -H too; a profile's host is self-contained.
    const tls: TlsChoice = fromFiles ?? (given === "flag" ? (url) => environmentTls(env, url) : () => undefined);
    return fromHost(request.host, { source: given, what: given === "profile" ? "endpoint:" : "-H" }, request, tls);
  }
  if (request.context !== undefined) return fromContext(request.context, given, request, env);
  if (request.tls) throw inputError("TLS files were given without a tcp:// host to use them for", "name the host (-H tcp://HOST:2376, or a profile's endpoint:)");
  if (env.DOCKER_HOST) return fromHost(env.DOCKER_HOST, { source: "DOCKER_HOST", what: "DOCKER_HOST" }, request, (url) => environmentTls(env, url));
  if (env.DOCKER_CONTEXT) return fromContext(env.DOCKER_CONTEXT, "DOCKER_CONTEXT", request, env);
  const current = currentContextName(env);
  if (current) return fromContext(current, "current context", request, env);
  return fromHost(DEFAULT_SOCKET, { source: "default", what: "the default socket" }, request, () => undefined);
}

/** The TLS a tcp host gets, once its printable url is known (for messages). */
type TlsChoice = (url: string) => TlsMaterial | undefined;

function requestTls(request: EndpointRequest): TlsChoice | undefined {
  const tls = request.tls;
  if (!tls) return undefined;
  const baseDir = request.baseDir ?? process.cwd();
  const file = (path: string | undefined) => (path ? expand(path, baseDir) : undefined);
  return (url) => loadTls({ ca: file(tls.ca), cert: file(tls.cert), key: file(tls.key) }, tls.verify ?? true, "input", url);
}

function fromContext(name: string, source: EndpointSource, request: EndpointRequest, env: NodeJS.ProcessEnv): ResolvedEndpoint {
  if (request.tls) throw inputError(`TLS files were given with the Docker context "${name}": a context carries its own TLS files`, "docker context inspect shows them; give a host instead of the context to use other files");
  // The "default" context is no stored context: it is DOCKER_HOST (with the environment's TLS) or the socket.
  if (name === DEFAULT_CONTEXT) {
    const what = env.DOCKER_HOST ? "DOCKER_HOST" : "the default socket";
    return fromHost(env.DOCKER_HOST || DEFAULT_SOCKET, { source, context: name, what }, request, (url) => environmentTls(env, url));
  }
  const context = readContext(name, env);
  // docker/cli cli/context/docker/load.go: TLS when the context holds TLS data or skips verification.
  const { ca, cert, key } = context.tls;
  const hasTls = Boolean(ca || cert || key) || context.skipTlsVerify;
  const tls: TlsChoice = (url) => (hasTls ? loadTls(context.tls, !context.skipTlsVerify, "environment", url) : undefined);
  return fromHost(context.host || DEFAULT_SOCKET, { source, context: name, what: `context "${name}" (${context.metaFile})` }, request, tls);
}

/** DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH, as docker/cli cli/flags/options.go reads them. */
function environmentTls(env: NodeJS.ProcessEnv, url: string): TlsMaterial | undefined {
  // docker takes any non-empty DOCKER_TLS_VERIFY as on; DOCKER_CERT_PATH alone also means TLS here (as
  // docker-modem, and as every DOCKER_CERT_PATH user expects), verified.
  const tlsOnly = Boolean(env.DOCKER_TLS) && !env.DOCKER_TLS_VERIFY;
  if (!env.DOCKER_TLS_VERIFY && !env.DOCKER_TLS && !env.DOCKER_CERT_PATH) return undefined;
  const dir = env.DOCKER_CERT_PATH || dockerConfigDir(env);
  const files = { ca: tlsOnly ? undefined : join(dir, "ca.pem"), cert: join(dir, "cert.pem"), key: join(dir, "key.pem") };
  // As docker: the CA is needed to verify; a client certificate and key are used only when both are there.
  if (!existsSync(files.cert) || !existsSync(files.key)) Object.assign(files, { cert: undefined, key: undefined });
  return loadTls(files, !tlsOnly, "environment", url);
}

function fromHost(text: string, origin: Origin, request: EndpointRequest, tlsFor: TlsChoice): ResolvedEndpoint {
  const bad = (why: string) => inputError(`bad Docker endpoint "${text}" (${origin.what}): ${why}`, "expected unix:///PATH, tcp://HOST[:PORT] or ssh://[USER@]HOST[:PORT]");
  // docker/cli (opts/hosts.go) takes a bare HOST:PORT as tcp.
  const withScheme = text.includes("://") ? text : `tcp://${text}`;
  const scheme = withScheme.slice(0, withScheme.indexOf("://"));
  const base = { source: origin.source, ...(origin.context ? { context: origin.context } : {}) };
  if (scheme !== "tcp" && request.tls) throw bad("TLS files apply to tcp:// endpoints only");
  if (scheme === "unix") {
    const socketPath = withScheme.slice("unix://".length);
    if (!isAbsolute(socketPath)) throw bad("a unix socket needs an absolute path (unix:///var/run/docker.sock)");
    return { kind: "unix", url: `unix://${socketPath}`, socketPath, ...base };
  }
  if (scheme === "ssh") {
    const baseDir = request.baseDir ?? process.cwd();
    const { identityFile, knownHosts } = request.ssh ?? {};
    const target: SshTarget = {
      ...parseSshUrl(withScheme),
      ...(identityFile ? { identityFile: expand(identityFile, baseDir) } : {}),
      ...(knownHosts ? { knownHostsFile: expand(knownHosts, baseDir) } : {}),
    };
    return { kind: "ssh", url: sshUrlOf(target), ssh: target, ...base };
  }
  if (scheme !== "tcp") throw bad(`unsupported scheme ${scheme}://`);
  let url: URL;
  try {
    url = new URL(withScheme.replace(/^tcp:/, "http:"));
  } catch {
    throw bad("not a URL");
  }
  if (!url.hostname) throw bad("no host");
  if (url.username || url.password) throw bad("a tcp endpoint takes no user");
  if (url.pathname !== "/" || url.search || url.hash) throw bad("a tcp endpoint takes no path");
  const printable = (port: number) => `tcp://${url.hostname}:${port}`;
  const explicitPort = url.port ? Number(url.port) : undefined;
  const tls = tlsFor(printable(explicitPort ?? 2376));
  // docker's default ports: 2376 with TLS, 2375 without.
  const port = explicitPort ?? (tls ? 2376 : 2375);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return { kind: "tcp", url: printable(port), host, port, ...(tls ? { tls } : {}), ...base };
}

/** One line for reports: the endpoint and how it was chosen, e.g. `tcp://10.0.0.5:2376 (context "ci", via DOCKER_CONTEXT; TLS verified against /…/ca.pem)`. */
export function describeEndpoint(resolved: ResolvedEndpoint): string {
  const how = resolved.context ? `context "${resolved.context}", via ${resolved.source === "flag" ? "--context" : resolved.source}` : resolved.source === "flag" ? "-H" : resolved.source;
  const tls = resolved.kind === "tcp" && resolved.tls ? `; TLS ${resolved.tls.verify ? `verified against ${resolved.tls.files.ca ?? "the system's CAs"}` : "NOT verified"}` : "";
  return `${resolved.url} (${how}${tls})`;
}

/** dockerode options for an endpoint; every field is explicit so DOCKER_HOST in the environment cannot override it. */
export function dockerOptions(resolved: ResolvedEndpoint, timeoutMs?: number): Docker.DockerOptions {
  // docker-modem fills every option left out from DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH and
  // DOCKER_PATH_PREFIX (Object.assign of its env defaults under ours): a sandbox endpoint must never turn into
  // the user's daemon, so each one is set here, to undefined when unused.
  const base = { socketPath: undefined, host: undefined, port: undefined, protocol: undefined, username: undefined, ca: undefined, cert: undefined, key: undefined, agent: undefined, pathPrefix: undefined, timeout: timeoutMs };
  switch (resolved.kind) {
    case "unix":
      return { ...base, socketPath: resolved.socketPath } as Docker.DockerOptions;
    case "ssh":
      // The ssh session's agent carries HTTP over `docker system dial-stdio`: host and port are only the Host header.
      return { ...base, protocol: "http", host: "docker", port: 80, agent: sshHttpAgent(resolved.ssh) } as Docker.DockerOptions;
    case "tcp": {
      const tls = resolved.tls;
      if (!tls) return { ...base, protocol: "http", host: resolved.host, port: resolved.port } as Docker.DockerOptions;
      // docker-modem passes no rejectUnauthorized: the agent holds the verification choice with the files.
      const agent = new HttpsAgent({ ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.verify });
      return { ...base, protocol: "https", host: resolved.host, port: resolved.port, ca: tls.ca, cert: tls.cert, key: tls.key, agent } as Docker.DockerOptions;
    }
  }
}
