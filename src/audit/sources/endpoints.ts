// The Docker endpoints `rebound audit` reads: -H hosts (with --tls-* on the tcp ones), --context names, or with
// no source flag the one the docker CLI would use (DOCKER_HOST, DOCKER_CONTEXT, the current context, the socket).
import { inputError } from "../../errors.js";
import { resolveEndpoint, type EndpointRequest, type ResolvedEndpoint } from "../../docker/endpoint.js";

/** --tls-ca, --tls-cert, --tls-key: for every tcp:// -H, always verified. */
export interface AuditTls {
  ca?: string;
  cert?: string;
  key?: string;
}

export interface EndpointFlags {
  hosts?: string[];
  contexts?: string[];
  tls?: AuditTls;
  /** No source flag at all: resolve as plain `docker` would. */
  resolveDefault?: boolean;
}

/** unix:// and ssh:// take no TLS files; everything else is tcp (docker takes a bare HOST:PORT as tcp too). */
const isTcp = (host: string) => !/^(unix|ssh):\/\//.test(host);

export function liveEndpoints(flags: EndpointFlags, env: NodeJS.ProcessEnv): ResolvedEndpoint[] {
  const tls = flags.tls && Object.values(flags.tls).some(Boolean) ? flags.tls : undefined;
  const hosts = flags.hosts ?? [];
  if (tls && !hosts.some(isTcp)) throw inputError("--tls-ca, --tls-cert and --tls-key apply to tcp:// hosts, and no -H tcp://HOST:PORT was given", "a context carries its own TLS files: --context NAME");
  const requests: EndpointRequest[] = [
    ...hosts.map((host) => ({ host, ...(tls && isTcp(host) ? { tls } : {}) })),
    ...(flags.contexts ?? []).map((context) => ({ context })),
  ];
  if (requests.length === 0 && flags.resolveDefault) requests.push({});
  return requests.map((request) => resolveEndpoint(request, env));
}
