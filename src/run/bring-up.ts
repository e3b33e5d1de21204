// Brings a fleet up: sandbox daemons, bridge, image, networks, volumes and containers, then waits for health.
// `rebound up` and `rebound run` both start here; an interrupted bring-up removes what it made.
import { ensureBridge } from "../daemon/bridge.js";
import { sandboxName } from "../daemon/names.js";
import { claimRecord, newRecord, readRecord, writeRecord, type ExperimentRecord } from "../experiment/record.js";
import { planBuild } from "../image/build-context.js";
import { ensureStandinImage } from "../image/standin-image.js";
import type { Progress } from "./progress.js";
import type { PlannedContainer, TopologyPlan } from "../topology/plan.js";
import type { Profile } from "../profile/schema.js";
import { throwIfInterrupted } from "../util/interrupt.js";
import { mapLimit } from "../util/map-limit.js";
import type { FleetHost } from "../fleet/hosts.js";
import { planFor } from "../fleet/plan-for.js";
import { fleetHosts } from "../fleet/sandbox-hosts.js";
import { probeExistingEngines } from "../fleet/existing-hosts.js";
import { teardown } from "./teardown.js";
import { waitHealthy, type HealthTiming } from "./wait-healthy.js";

export interface UpOptions {
  progress: Progress;
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface UpResult {
  profile: string;
  experimentId: string;
  hosts: { key: string; endpoint: string }[];
  containers: { name: string; host: string; ip: string; created: boolean }[];
  image: { tag: string; built: boolean };
  healthy: HealthTiming[];
  elapsedMs: number;
}

const CREATE_CONCURRENCY = 8;

export interface Fleet {
  profile: Profile;
  record: ExperimentRecord;
  plan: TopologyPlan;
  hosts: FleetHost[];
}

/** Brings a validated profile up; `run` uses the fleet it returns to inject faults and observe. */
export async function bringUp(profile: Profile, profilePath: string, options: UpOptions): Promise<Fleet & { result: UpResult }> {
  const started = Date.now();
  const { progress, signal } = options;

  const hostEntries = Object.entries(profile.hosts);
  const sandboxNames = hostEntries.filter(([, host]) => host.kind === "sandbox").map(([key]) => sandboxName(profile.name, key));
  const existingHosts = hostEntries.flatMap(([key, spec]) => (spec.kind === "existing" ? [{ key, spec }] : []));
  // Existing engines must answer before anything is made: a wrong address or an unknown host key changes nothing.
  const liveRestoreOf = await probeExistingEngines(profile, profilePath, (key, endpoint) => {
    throwIfInterrupted(signal);
    progress.step(`connecting to host ${key} (${endpoint})`);
  });
  const existing = await readRecord(profile.name);
  // A record made before claims existed, or whose claims were reclaimed, claims its subnet and bridge again.
  if (existing) await claimRecord(existing);
  const record = existing ?? (await newRecord(profile.name, profilePath, sandboxNames));
  await writeRecord({ ...record, sandboxes: sandboxNames, ...(existingHosts.length > 0 ? { existing: existingHosts } : {}) });
  const plan = planFor(profile, record, (await planBuild(profile.image.base)).tag);
  const hosts = fleetHosts(plan, profilePath);

  try {
    progress.step(`bridge ${plan.bridge.name} (${plan.bridge.gatewayCidr})`);
    await ensureBridge(plan.bridge);
    // One after another: daemons starting together race on the same iptables chains.
    for (const host of hosts) {
      throwIfInterrupted(signal);
      if (host.owned) {
        progress.step(`starting sandbox daemon ${host.daemon.name}`);
        await host.daemon.start();
      } else {
        // Not rebound's to start: an existing engine answered above, as it is.
        host.liveRestore = liveRestoreOf.get(host.key);
      }
    }
    progress.step("stand-in image");
    const image = await ensureStandinImage(hosts.map((host) => host.engine), profile.image.base, (line) => progress.step(line));
    throwIfInterrupted(signal);

    // Sequential too: each network's iptables rules go into chains the daemons share.
    for (const [i, planned] of plan.hosts.entries()) await hosts[i]!.engine.ensureNetwork(planned.network);
    const hostByKey = new Map(hosts.map((host) => [host.key, host]));
    let done = 0;
    const created = await mapLimit(plan.containers, CREATE_CONCURRENCY, async (container) => {
      throwIfInterrupted(signal);
      const outcome = await createAndStart(hostByKey.get(container.host)!, container);
      progress.step(`containers ${++done}/${plan.containers.length}`);
      return outcome;
    });

    const healthy = await waitHealthy(
      plan.containers.map((c) => ({ name: c.spec.name, ip: c.spec.ip })),
      { timeoutMs: options.timeoutMs ?? 120_000, signal, onProgress: (n, total) => progress.step(`healthy ${n}/${total}`) },
    );
    const elapsedMs = Date.now() - started;
    progress.succeed(`${profile.name}: ${plan.containers.length} stand-ins on ${hosts.length} host(s) healthy`);
    const result: UpResult = {
      profile: profile.name,
      experimentId: record.experimentId,
      hosts: hosts.map((host) => ({ key: host.key, endpoint: host.daemon.endpoint })),
      containers: plan.containers.map((c, i) => ({ name: c.spec.name, host: c.host, ip: c.spec.ip, created: created[i]! })),
      image: { tag: image.tag, built: image.built },
      healthy,
      elapsedMs,
    };
    return { profile, record, plan, hosts, result };
  } catch (error) {
    if (signal?.aborted) {
      progress.info("interrupted: removing what up created (volumes are kept)");
      await teardown(record, hosts, { volumes: false, log: (line) => progress.info(line) });
    }
    throw error;
  }
}

async function createAndStart(host: FleetHost, container: PlannedContainer): Promise<boolean> {
  if (container.volume) await host.engine.ensureVolume(container.volume);
  const outcome = await host.engine.ensureContainer(container.spec);
  await host.engine.startContainer(container.spec.name);
  return outcome === "created";
}
