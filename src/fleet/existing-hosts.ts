// Fleet hosts made of existing Docker engines (profile hosts with endpoint: or context:): the only place that
// joins an endpoint to its engine, its daemon control (systemd over ssh, or none) and its host's processes.
import { EngineOnlyDaemon } from "../daemon/engine-only-daemon.js";
import type { HostProcesses } from "../daemon/host-processes.js";
import { commandText, type RemoteShell } from "../daemon/remote-shell.js";
import { remoteProcesses } from "../daemon/ssh-processes.js";
import { SystemdDaemon } from "../daemon/systemd-daemon.js";
import { DockerodeEngine } from "../docker/dockerode-engine.js";
import { resolveEndpoint, type ResolvedEndpoint } from "../docker/endpoint.js";
import { sshSession } from "../docker/ssh/session.js";
import { sshUrlOf, type SshTarget } from "../docker/ssh/target.js";
import { environmentError } from "../errors.js";
import type { ExistingHostSpec } from "../profile/schema.js";
import type { FleetHost } from "./hosts.js";

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
