// Daemon faults, through the daemon controller: a restart, a crash, a host reboot, a containerd restart.
import type { FleetHost } from "../commands/fleet.js";
import { isAlive, waitFor } from "../daemon/process-info.js";
import type { FaultSpec } from "../profile/schema.js";
import { hostOf, pause, type FaultEnv, type FaultFactory, type PreparedFault } from "./fault-env.js";

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

/** Stop (every container gets its stop timeout), stay down, start: what `systemctl restart docker` does. */
export const restartDaemon: DaemonAction = async (host, spec, env) => {
  await host.daemon.stop();
  await pause((spec.downSeconds ?? 0) * 1000, env.signal);
  await host.daemon.start();
};

/** SIGKILL: nothing is stopped cleanly; containerd and the containers stay behind until the next start. */
export const crashDaemon: DaemonAction = async (host, spec, env) => {
  await host.daemon.kill();
  await pause((spec.downSeconds ?? 0) * 1000, env.signal);
  await host.daemon.start();
};

/** Power gone: every container process, the daemon and its containerd die at once, then the host boots. */
export const rebootHost: DaemonAction = async (host, spec, env) => {
  const containers = host.daemon.status().then(async (status) => (status.running ? await host.engine.listContainers({}) : []));
  const pids = (await containers).filter((c) => c.running && c.pid > 0).map((c) => c.pid);
  const containerd = await host.daemon.containerdPid();
  await host.daemon.kill();
  for (const pid of [...pids, ...(containerd ? [containerd] : [])]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone: the point is that nothing survives.
    }
  }
  await waitFor(() => pids.every((pid) => !isAlive(pid)), 10_000, 50);
  await pause((spec.downSeconds ?? 0) * 1000, env.signal);
  await host.daemon.start();
};

/** containerd's own package upgrade restarts containerd under a running dockerd. */
export const restartContainerd: DaemonAction = async (host, _spec, env) => {
  const pid = await host.daemon.containerdPid();
  if (pid === undefined) {
    env.log(`${host.key}: containerd is not supervised by this daemon (shared with the system); not touched`);
    return;
  }
  process.kill(pid, "SIGTERM");
  await waitFor(() => !isAlive(pid), 30_000, 100);
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
  const unpackMs = (spec.unpackSeconds ?? 5) * 1000;
  const pkg = spec.package ?? "docker-ce";
  env.log(`${host.key}: unattended-upgrade of ${pkg}${spec.reboot ? " with automatic reboot" : ""}`);
  if (pkg === "docker-ce") {
    await host.daemon.stop();
    await pause(unpackMs, env.signal);
    await host.daemon.start();
  } else if (pkg === "containerd") {
    await pause(unpackMs, env.signal);
    await restartContainerd(host, spec, env);
  } else {
    await pause(unpackMs, env.signal);
  }
  if (spec.reboot) await rebootHost(host, { ...spec, downSeconds: spec.downSeconds ?? 0 }, env);
};
