// Fleet hosts made of existing Docker engines (profile hosts with endpoint: or context:): the only place that
// joins an endpoint to its engine, its daemon control (systemd over ssh, or none) and its host's processes.
import { dirname, resolve } from "node:path";
import { EngineOnlyDaemon } from "../daemon/engine-only-daemon.js";
import type { HostProcesses } from "../daemon/host-processes.js";
import { commandText, type RemoteShell } from "../daemon/remote-shell.js";
import { remoteProcesses } from "../daemon/ssh-processes.js";
import { SystemdDaemon } from "../daemon/systemd-daemon.js";
import { DockerodeEngine } from "../docker/dockerode-engine.js";
import { resolveEndpoint, type ResolvedEndpoint } from "../docker/endpoint.js";
import { sshSession } from "../docker/ssh/session.js";
import { sshUrlOf, type SshTarget } from "../docker/ssh/target.js";
import { environmentError, ReboundError } from "../errors.js";
import type { ContextSchemes } from "../profile/existing-host-rules.js";
import type { ExistingHostSpec, Profile } from "../profile/schema.js";
import type { FleetHost } from "./hosts.js";

/** Files a profile names (TLS, ssh key, known_hosts) are relative to its directory. */
export const profileDir = (profilePath: string) => dirname(resolve(profilePath));

const existingHostsOf = (profile: Profile) => Object.entries(profile.hosts).flatMap(([key, spec]) => (spec.kind === "existing" ? [{ key, spec }] : []));

/** What each Docker context the profile names resolves to, read as the docker CLI reads it (an unknown context is exit 2). */
export function contextSchemesOf(profile: Profile, profilePath: string): ContextSchemes {
  const schemes: Record<string, string> = {};
  for (const { key, spec } of existingHostsOf(profile)) {
    if (spec.context === undefined) continue;
    try {
      schemes[spec.context] = endpointOf(spec, profileDir(profilePath)).kind;
    } catch (error) {
      // Name the profile's spot too: the context is the user's, the host that names it is in this file.
      if (error instanceof ReboundError) throw new ReboundError(error.kind, `${profilePath}: hosts.${key}.context: ${error.message}`, { suggestion: error.suggestion, cause: error });
      throw error;
    }
  }
  return schemes;
}

/**
 * Connects to every existing engine of the profile, one after another, before anything is made anywhere: an
 * unreachable engine, a refused host key or a bad certificate is an error that changed nothing. Returns each
 * host's live-restore. The connections stay open for what follows (ssh sessions are kept per host).
 */
export async function probeExistingEngines(profile: Profile, profilePath: string, onConnect: (key: string, endpoint: string) => void): Promise<Map<string, boolean>> {
  const liveRestore = new Map<string, boolean>();
  for (const { key, spec } of existingHostsOf(profile)) {
    const host = existingFleetHost(key, spec, profileDir(profilePath));
    onConnect(key, host.daemon.name);
    liveRestore.set(key, (await host.engine.version()).liveRestore);
  }
  return liveRestore;
}

/** The endpoint a profile host names; relative files (TLS, ssh key, known_hosts) are the profile directory's. */
export function endpointOf(spec: ExistingHostSpec, baseDir: string): ResolvedEndpoint {
  return resolveEndpoint({
    host: spec.endpoint,
    context: spec.context,
    tls: spec.tls,
    ssh: { identityFile: spec.identityFile, knownHosts: spec.knownHosts },
    baseDir,
    source: "profile",
  });
}

/** Commands on the engine's machine as channels of the one ssh connection the Docker API also uses. */
export function sshShell(target: SshTarget): RemoteShell {
  return {
    where: sshUrlOf(target),
    run: async (argv, options) => (await sshSession(target)).exec(commandText(argv), options),
  };
}

const noProcesses = (endpoint: string): HostProcesses => {
  const refuse = async (): Promise<never> => {
    throw environmentError(`${endpoint}: this fault acts on the host's processes, which rebound reaches only over ssh`);
  };
  return { signal: refuse, isAlive: refuse, inNetns: refuse };
};

export function existingFleetHost(key: string, spec: ExistingHostSpec, baseDir: string): FleetHost {
  const endpoint = endpointOf(spec, baseDir);
  const engine = new DockerodeEngine(endpoint);
  const ping = () => engine.ping().then(() => true, () => false);
  if (endpoint.kind !== "ssh") return { key, daemon: new EngineOnlyDaemon(endpoint.url, ping), engine, processes: noProcesses(endpoint.url), owned: false };
  const shell = sshShell(endpoint.ssh);
  return { key, daemon: new SystemdDaemon(shell, spec.unit, endpoint.url, ping), engine, processes: remoteProcesses(shell), owned: false };
}
