// Brings an orchestrator: swarm fleet up: sandbox daemons as nodes (each in a network namespace of its own on the
// experiment's bridge), one swarm, the stand-in image on every node, an overlay, and one service per member; then
// waits until every member's task answers /healthz where its node publishes it.
import { ensureBridge } from "../daemon/bridge.js";
import { sandboxName } from "../daemon/names.js";
import { sleep } from "../daemon/process-info.js";
import { SandboxDaemon } from "../daemon/sandbox-daemon.js";
import { DockerodeEngine } from "../docker/dockerode-engine.js";
import type { SwarmControl } from "../docker/swarm.js";
import { environmentError } from "../errors.js";
import { claimRecord, newRecord, readRecord, writeRecord, type ExperimentRecord } from "../experiment/record.js";
import { recordHosts } from "../fleet/sandbox-hosts.js";
import { planFor } from "../fleet/plan-for.js";
import { formSwarm, type SwarmMember } from "../fleet/swarm-formation.js";
import { planBuild } from "../image/build-context.js";
import { ensureStandinImage } from "../image/standin-image.js";
import type { Profile } from "../profile/schema.js";
import type { TopologyPlan } from "../topology/plan.js";
import { planNodes, planSwarm, type PlannedNode, type SwarmPlan } from "../topology/swarm-plan.js";
import { throwIfInterrupted } from "../util/interrupt.js";
import type { UpOptions, UpResult } from "./bring-up.js";
import { teardown } from "./teardown.js";
import { waitHealthy } from "./wait-healthy.js";

export interface SwarmFleet {
  plan: SwarmPlan;
  /** The container plan the services were made from: members, hosts, bridge. */
  topology: TopologyPlan;
  record: ExperimentRecord;
  daemons: SandboxDaemon[];
  manager: SwarmControl;
  /** Service name -> the host key of the node its task runs on. */
  placedOn: Map<string, string>;
  result: UpResult;
}

export async function bringUpSwarm(profile: Profile, profilePath: string, options: UpOptions): Promise<SwarmFleet> {
  const started = Date.now();
  const { progress, signal } = options;
  const existing = await readRecord(profile.name);
  if (existing) await claimRecord(existing);
  const topologyHosts = Object.keys(profile.hosts);
  const sandboxNames = topologyHosts.map((key) => sandboxName(profile.name, key));
  // The record as written: whoever tears this fleet down (down, a run's clean-up, recover) must see it is a swarm.
  const record: ExperimentRecord = { ...(existing ?? (await newRecord(profile.name, profilePath, sandboxNames))), sandboxes: sandboxNames, orchestrator: "swarm" };
  await writeRecord(record);
  const topology = planFor(profile, record, (await planBuild(profile.image.base)).tag);
  const nodes = planNodes(profile, topology);
  const daemons = topology.hosts.map((host, i) => new SandboxDaemon({ ...host.sandbox!, node: nodes[i]!.node }));
  try {
    return await formAndDeploy(profile, { record, topology, nodes, daemons }, options, started);
  } catch (error) {
    if (signal?.aborted) {
      // As for a container fleet: an interrupted up removes what it made (volumes are kept), here the swarm too.
      progress.info("interrupted: removing the swarm and what up created (volumes are kept)");
      await teardown(record, await recordHosts(record), { volumes: false, log: (line) => progress.info(line) });
    }
    throw error;
  }
}

interface Planned {
  record: ExperimentRecord;
  topology: TopologyPlan;
  nodes: PlannedNode[];
  daemons: SandboxDaemon[];
}

async function formAndDeploy(profile: Profile, { record, topology, nodes, daemons }: Planned, options: UpOptions, started: number): Promise<SwarmFleet> {
  const { progress, signal } = options;
  const engines = daemons.map((daemon) => new DockerodeEngine(daemon.endpoint));

  progress.step(`bridge ${topology.bridge.name} (${topology.bridge.gatewayCidr})`);
  await ensureBridge(topology.bridge);
  // One after another: daemons starting together race on the same iptables chains.
  for (const [i, daemon] of daemons.entries()) {
    throwIfInterrupted(signal);
    progress.step(`starting swarm node ${daemon.name} (${nodes[i]!.role}, ${nodes[i]!.node.address})`);
    await daemon.start();
  }
  const members: SwarmMember[] = nodes.map((node, i) => ({ key: node.key, role: node.role, address: node.node.address, control: engines[i]!.swarm() }));
  const formed = await formSwarm(members, { onStep: (line) => progress.step(line) });
  const manager = members.find((m) => m.role === "manager")!.control;

  progress.step("stand-in image");
  const image = await ensureStandinImage(engines, profile.image.base, (line) => progress.step(line));
  const imageId = await engines[0]!.imageId(image.tag);
  throwIfInterrupted(signal);

  const plan = planSwarm(profile, topology, imageId);
  await manager.ensureOverlay(plan.overlay);
  const created = new Set<string>();
  for (const service of plan.services) {
    throwIfInterrupted(signal);
    if ((await manager.ensureService(service.spec)) === "created") created.add(service.spec.name);
    progress.step(`services ${plan.services.indexOf(service) + 1}/${plan.services.length}`);
  }

  const addressOf = new Map([...formed.nodeIds].map(([key, id]) => [id, nodes.find((n) => n.key === key)!.node.address]));
  const keyOf = new Map([...formed.nodeIds].map(([key, id]) => [id, key]));
  const timeoutMs = options.timeoutMs ?? 180_000;
  const placed = await waitForTasks(manager, plan, timeoutMs, signal, (n) => progress.step(`tasks running ${n}/${plan.services.length}`));
  const targets = plan.services.map((service) => ({ name: service.spec.name, ip: `${addressOf.get(placed.get(service.spec.name)!)}:${service.spec.publishedPort}` }));
  const healthy = await waitHealthy(targets, { timeoutMs, signal, onProgress: (n, total) => progress.step(`healthy ${n}/${total}`) });
  progress.succeed(`${profile.name}: ${plan.services.length} stand-ins as services on a swarm of ${nodes.length} node(s) healthy`);
  const result: UpResult = {
    profile: profile.name,
    experimentId: record.experimentId,
    hosts: daemons.map((daemon, i) => ({ key: nodes[i]!.key, endpoint: daemon.endpoint })),
    containers: plan.services.map((service, i) => ({ name: service.spec.name, host: keyOf.get(placed.get(service.spec.name)!) ?? "?", ip: targets[i]!.ip, created: created.has(service.spec.name) })),
    image: { tag: image.tag, built: image.built },
    healthy,
    elapsedMs: Date.now() - started,
  };
  const placedOn = new Map(plan.services.map((service) => [service.spec.name, keyOf.get(placed.get(service.spec.name)!) ?? service.host]));
  return { plan, topology, record, daemons, manager, placedOn, result };
}

/** Service name -> node ID of its running task, once every service has one; a task Swarm rejects fails fast. */
async function waitForTasks(manager: SwarmControl, plan: SwarmPlan, timeoutMs: number, signal: AbortSignal | undefined, onProgress: (n: number) => void) {
  const deadline = Date.now() + timeoutMs;
  const placed = new Map<string, string>();
  let reported = -1;
  for (;;) {
    throwIfInterrupted(signal);
    for (const service of plan.services) {
      if (placed.has(service.spec.name)) continue;
      const tasks = await manager.tasks(service.spec.name);
      const running = tasks.find((t) => t.state === "running" && t.desiredState === "running");
      if (running) placed.set(service.spec.name, running.nodeId);
      else if (Date.now() > deadline) {
        const last = tasks[0];
        throw environmentError(
          `service ${service.spec.name} has no running task after ${Math.round(timeoutMs / 1000)} s${last ? `: its last task is ${last.state}${last.error ? ` (${last.error})` : ""}` : ": no task yet"}`,
          `docker -H <a manager's endpoint> service ps --no-trunc ${service.spec.name} (rebound engine status lists endpoints)`,
        );
      }
    }
    if (placed.size !== reported) onProgress((reported = placed.size));
    if (placed.size === plan.services.length) return placed;
    await sleep(250);
  }
}
