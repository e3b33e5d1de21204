// Daemon faults, through the host's daemon controller and processes: a restart, a crash, a host reboot, a
// containerd restart, an unattended upgrade.
import { waitFor } from "../daemon/process-info.js";
import type { FleetHost } from "../fleet/hosts.js";
import type { FaultSpec } from "../profile/schema.js";
import { parameter } from "./catalog.js";
import { pause } from "../util/interrupt.js";
import { hostOf, type FaultEnv, type FaultFactory, type PreparedFault } from "./fault-env.js";

type DaemonAction = (host: FleetHost, spec: FaultSpec, env: FaultEnv) => Promise<void>;

export function daemonFault(action: DaemonAction): FaultFactory {
  return async (spec, id, env): Promise<PreparedFault> => {
    const host = hostOf(env, spec.target.host!);
    return {
      record: { id, kind: spec.fault, targets: [{ host: host.key }], undo: [{ kind: "start-daemon", sandbox: host.daemon.name }] },
      run: () => action(host, spec, env),
    };
  };
}

/** Starts the daemon and logs what its control had to do beyond that (a failed systemd unit reset). */
async function startDaemon(host: FleetHost, env: FaultEnv): Promise<void> {
  await host.daemon.start();
  const notice = host.daemon.takeStartNotice?.();
  if (notice !== undefined) env.log(`${host.key}: ${notice}`);
}

/** Stop (every container gets its stop timeout), stay down, start: what `systemctl restart docker` does. */
export const restartDaemon: DaemonAction = async (host, spec, env) => {
  await host.daemon.stop();
  await pause(parameter(spec, "downSeconds") * 1000, env.signal);
  await startDaemon(host, env);
};

/** SIGKILL: nothing is stopped cleanly; containerd and the containers stay behind until the next start. */
export const crashDaemon: DaemonAction = async (host, spec, env) => {
  await host.daemon.kill();
  await pause(parameter(spec, "downSeconds") * 1000, env.signal);
  await startDaemon(host, env);
};

/**
 * Power gone: every container process, the daemon, its containerd and the shims die at once, then the host boots.
 * Shims left alive would hand the next containerd the old exits while the daemon restores, a race that leaves
 * containers down at random (rebound matrix saw it with live-restore on): no real power loss leaves them.
 */
export const rebootHost = async (host: FleetHost, downMs: number, env: FaultEnv): Promise<void> => {
  const containers = (await host.daemon.status()).running ? await host.engine.listContainers({}) : [];
  const pids = containers.filter((c) => c.running && c.pid > 0).map((c) => c.pid);
  const containerd = await host.daemon.containerdPid();
  await host.daemon.kill();
  const shims = await host.daemon.shimPids();
  for (const pid of [...pids, ...shims, ...(containerd ? [containerd] : [])]) await host.processes.signal(pid, "SIGKILL");
  await waitFor(async () => (await Promise.all(pids.map((pid) => host.processes.isAlive(pid)))).every((alive) => !alive), 10_000, 50);
  await pause(downMs, env.signal);
  await startDaemon(host, env);
};

const rebootAction: DaemonAction = (host, spec, env) => rebootHost(host, parameter(spec, "downSeconds") * 1000, env);

/** containerd's own package upgrade restarts containerd under a running dockerd. */
export const restartContainerd: DaemonAction = async (host, _spec, env) => {
  const pid = await host.daemon.containerdPid();
  if (pid === undefined) {
    env.log(`${host.key}: containerd is not supervised by this daemon (shared with the system); not touched`);
    return;
  }
  await host.processes.signal(pid, "SIGTERM");
  await waitFor(async () => !(await host.processes.isAlive(pid)), 30_000, 100);
  // dockerd notices and starts a new containerd; if it does not, that is the field's "dockerd left stopped".
  const back = await waitFor(async () => (await host.daemon.containerdPid()) !== undefined, 30_000, 200);
  env.log(`${host.key}: containerd ${back ? "restarted by dockerd" : "NOT restarted by dockerd within 30 s"}`);
};

/**
 * What an automatic package upgrade does, as the package's maintainer scripts do it: docker-ce stops the
 * daemon in prerm and starts it in postinst; Debian's docker.io only swaps the binary (the restart waits for
 * the next reboot); containerd restarts containerd. Unattended-Upgrade::Automatic-Reboot then reboots.
 */
export const unattendedUpgrade: DaemonAction = async (host, spec, env) => {
  const unpackMs = parameter(spec, "unpackSeconds") * 1000;
  const pkg = parameter(spec, "package");
  const reboot = parameter(spec, "reboot");
  env.log(`${host.key}: unattended-upgrade of ${pkg}${reboot ? " with automatic reboot" : ""}`);
  if (pkg === "docker-ce") {
    await host.daemon.stop();
    await pause(unpackMs, env.signal);
    await startDaemon(host, env);
  } else if (pkg === "containerd") {
    await pause(unpackMs, env.signal);
    await restartContainerd(host, spec, env);
  } else {
    await pause(unpackMs, env.signal);
  }
  if (reboot) await rebootHost(host, 0, env);
};

export const daemonFaults = {
  restart: daemonFault(restartDaemon),
  crash: daemonFault(crashDaemon),
  upgrade: daemonFault(unattendedUpgrade),
  reboot: daemonFault(rebootAction),
  containerd: daemonFault(restartContainerd),
};
