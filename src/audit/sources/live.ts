// Live containers and daemons as audit subjects (pure): inspect data in, workloads and daemon subjects out.
import type { ContainerFacts, DaemonFacts } from "../../docker/audit-reader.js";
import type { DaemonConfigFile, DaemonSubject } from "../daemon-subject.js";
import type { Subject } from "../subjects.js";
import type { StateKind, Workload } from "../workload.js";
import { parseRestart } from "../workload.js";

const NS_PER_S = 1e9;
/** rebound's stand-ins keep their data here; the label says a container is one. */
const STANDIN_DATA = "/data";
const STANDIN_ROLE_LABEL = "io.rebound.role";

type Mount = ContainerFacts["mounts"][number];

const anonymous = (m: Mount) => m.type === "volume" && /^[0-9a-f]{64}$/.test(m.name ?? "");
const describe = (m: Mount) => `${m.type}${m.name ? ` ${anonymous(m) ? m.name.slice(0, 12) : m.name}` : ` ${m.source}`} -> ${m.destination}${m.rw ? "" : " (ro)"}`;

function kindOf(m: Mount): StateKind | undefined {
  if (m.type === "tmpfs") return "tmpfs";
  if (!m.rw) return undefined;
  if (m.type === "bind") return "bind";
  if (m.type === "volume") return anonymous(m) ? "anonymous-volume" : "named-volume";
  return undefined;
}

/** Where data lives: at the known data paths when there are any (stand-ins, image VOLUMEs), else anywhere. */
function stateOf(c: ContainerFacts, dataPaths: string[]): { value: StateKind; evidence: string } {
  const mounts = c.mounts.filter((m) => dataPaths.length === 0 || dataPaths.includes(m.destination));
  const tmpfs = c.tmpfs.filter((t) => dataPaths.length === 0 || dataPaths.includes(t));
  const rank: StateKind[] = ["named-volume", "bind", "anonymous-volume", "tmpfs"];
  const found = mounts.map((m) => ({ m, kind: kindOf(m) })).filter((x) => x.kind !== undefined);
  found.sort((a, b) => rank.indexOf(a.kind!) - rank.indexOf(b.kind!));
  const best = found[0];
  const where = dataPaths.length > 0 ? ` at ${dataPaths.join(", ")}` : "";
  if (best && best.kind !== "tmpfs") return { value: best.kind!, evidence: `Mounts: ${describe(best.m)}` };
  if (best || tmpfs.length > 0) return { value: "tmpfs", evidence: `only tmpfs${where}: ${best ? describe(best.m) : tmpfs.join(", ")}` };
  const others = c.mounts.length > 0 ? `; other mounts: ${c.mounts.map(describe).join(", ")}` : "";
  return { value: "container-fs", evidence: `no writable volume or bind mount${where}${others}` };
}

export function containerWorkload(c: ContainerFacts, endpoint: string, defaultEndpoint: string): Workload {
  const dataPaths = c.labels[STANDIN_ROLE_LABEL] ? [STANDIN_DATA] : c.declaredVolumes;
  const policy = parseRestart(c.restartPolicy.name === "" ? "no" : c.restartPolicy.name) ?? { name: "no" };
  if (policy.name === "on-failure" && c.restartPolicy.maxRetries > 0) policy.maxRetries = c.restartPolicy.maxRetries;
  const health = c.healthcheck && c.healthcheck.test[0] !== "NONE" ? c.healthcheck : undefined;
  const interval = health ? (health.intervalNs || 30 * NS_PER_S) / NS_PER_S : undefined;
  return {
    object: { kind: "container", name: c.name, scope: endpoint },
    target: { kind: "container", name: c.name, endpoint, defaultEndpoint: endpoint === defaultEndpoint },
    restart: { value: policy, evidence: `HostConfig.RestartPolicy = ${JSON.stringify({ Name: c.restartPolicy.name, MaximumRetryCount: c.restartPolicy.maxRetries })}` },
    state: stateOf(c, dataPaths),
    dataPath: dataPaths[0] ?? STANDIN_DATA,
    healthcheck: {
      value: { present: health !== undefined, intervalSeconds: interval },
      evidence: health ? `Config.Healthcheck every ${interval} s: ${health.test.join(" ")}` : `Config.Healthcheck ${c.healthcheck ? "disabled (NONE)" : "absent, in the image too"}`,
    },
    stopGraceSeconds: c.stopTimeout === undefined ? undefined : { value: c.stopTimeout, evidence: `Config.StopTimeout = ${c.stopTimeout}` },
    live: { status: c.status, exitCode: c.exitCode, oomKilled: c.oomKilled, restartCount: c.restartCount },
  };
}

export function daemonSubject(d: DaemonFacts, config: DaemonConfigFile | undefined): Subject {
  const daemon: DaemonSubject = {
    configuredBy: { kind: "daemon-json", file: config?.file ?? "/etc/docker/daemon.json" },
    liveRestore: { value: d.liveRestore, evidence: `/info LiveRestoreEnabled = ${d.liveRestore} (Docker ${d.serverVersion}, API ${d.apiVersion}, host ${d.name})` },
    swarmActive: d.swarm === "active",
    version: d.serverVersion,
    config,
  };
  return { kind: "daemon", object: { kind: "daemon", name: d.endpoint }, daemon };
}

/**
 * A Swarm task's container has no Docker restart policy of its own: the swarm agent replaces the task as its
 * service's restart_policy says. Judged as a plain container it would be a false "no restart policy".
 */
export const isSwarmTask = (c: ContainerFacts) => c.labels["com.docker.swarm.task.id"] !== undefined;

export function containerSubjects(containers: ContainerFacts[], endpoint: string, defaultEndpoint: string): Subject[] {
  return containers.filter((c) => !isSwarmTask(c)).map((c) => {
    const workload = containerWorkload(c, endpoint, defaultEndpoint);
    return { kind: "workload", object: workload.object, workload };
  });
}
