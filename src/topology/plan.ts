// Pure planning: a validated profile becomes the daemons, networks, volumes and containers to create.
import type { BridgeSpec } from "../daemon/bridge.js";
import { sandboxName } from "../daemon/names.js";
import type { SandboxSpec } from "../daemon/sandbox-daemon.js";
import { baseLabels, LABEL } from "../docker/labels.js";
import type { ContainerSpec, NetworkSpec, VolumeSpec } from "../docker/specs.js";
import { healthcheckCommand } from "../image/layout.js";
import type { ExistingHostSpec, PoetGroup, Profile, SmesherGroup } from "../profile/schema.js";
import { CONFIG_ENV, STANDIN_DATA_DIR, STANDIN_PORT, type StandinConfig, type StandinRole } from "../standins/config.js";
import { parseFraction } from "../standins/model/fraction.js";

export interface PlanContext {
  experimentId: string;
  genesisMs: number;
  /** First two octets of the experiment's /16, e.g. "10.201". */
  subnetPrefix: string;
  bridgeName: string;
  imageTag: string;
}

export interface PlannedHost {
  key: string;
  index: number;
  /** Set for a sandbox daemon rebound starts; `existing` instead for an engine it only connects to. */
  sandbox?: SandboxSpec;
  existing?: ExistingHostSpec;
  network: NetworkSpec;
}

export interface PlannedContainer {
  host: string;
  role: StandinRole;
  group: string;
  spec: ContainerSpec;
  volume?: VolumeSpec;
  config: StandinConfig;
}

export interface TopologyPlan {
  profile: string;
  experimentId: string;
  bridge: BridgeSpec;
  hosts: PlannedHost[];
  containers: PlannedContainer[];
}

/** First host address of each host's /24; below it, .1-.9 stay free for the gateway and the host itself. */
const FIRST_MEMBER_OCTET = 10;
import { MAX_CONTAINERS_PER_HOST } from "../profile/limits.js";

interface Member {
  role: StandinRole;
  group: SmesherGroup | PoetGroup;
  units: number;
  name: string;
  ip: string;
  address: string;
}

export function planTopology(profile: Profile, context: PlanContext): TopologyPlan {
  const labels = baseLabels(profile.name, context.experimentId);
  const hostKeys = Object.keys(profile.hosts);
  const hostIndex = new Map(hostKeys.map((key, i) => [key, i + 1]));
  const hosts: PlannedHost[] = hostKeys.map((key) => ({
    key,
    index: hostIndex.get(key)!,
    ...daemonOf(profile, key),
    network: {
      name: `${profile.name}-net`,
      bridge: context.bridgeName,
      subnet: `${context.subnetPrefix}.0.0/16`,
      gateway: `${context.subnetPrefix}.0.1`,
      ipRange: `${context.subnetPrefix}.${hostIndex.get(key)}.0/24`,
      labels: { ...labels, [LABEL.host]: key },
    },
  }));

  const members = assignAddresses(profile, context.subnetPrefix, hostIndex);
  const smeshers = members.filter((member) => member.role === "smesher");
  const poets = members.filter((member) => member.role === "poet");
  const consensus = {
    hareThreshold: parseFraction(profile.network.hareThreshold),
    tortoiseThreshold: parseFraction(profile.network.tortoiseThreshold),
    selfHealing: profile.network.selfHealing,
    zdist: profile.network.zdist,
    phaseShift: profile.network.phaseShift,
    cycleGap: profile.network.cycleGap,
    postInitLayers: profile.network.postInitLayers,
    syncGossipLayers: profile.network.syncGossipLayers,
    maxLagLayers: profile.network.maxLagLayers,
    voteDeadline: parseFraction(profile.network.voteDeadline),
    poetRetryLayers: profile.network.poetRetryLayers,
  };
  const clock = {
    genesisMs: context.genesisMs,
    layerMs: Math.round(profile.network.layerSeconds * 1000),
    layersPerEpoch: profile.network.layersPerEpoch,
  };

  const containers = members.map((member): PlannedContainer => {
    const memberLabels = { ...labels, [LABEL.host]: member.group.host, [LABEL.role]: member.role, [LABEL.group]: member.group.group };
    const config: StandinConfig = {
      role: member.role,
      id: member.name,
      units: member.units,
      port: STANDIN_PORT,
      dataDir: STANDIN_DATA_DIR,
      clock,
      consensus,
      peers: smeshers.filter((peer) => peer.name !== member.name).map(({ name, address }) => ({ id: name, address })),
      poets: poets.map(({ name, address }) => ({ id: name, address })),
      genesisSet: smeshers.map(({ name, units }) => ({ id: name, units })),
      misbehaviour: { ignoreSigterm: member.group.ignoreSigterm, resume: member.group.resume },
    };
    const volume = member.group.state === "volume" ? { name: `${member.name}-data`, labels: memberLabels } : undefined;
    const spec: ContainerSpec = {
      name: member.name,
      image: context.imageTag,
      env: { [CONFIG_ENV]: JSON.stringify(config) },
      labels: memberLabels,
      network: `${profile.name}-net`,
      ip: member.ip,
      restart: member.group.restart,
      data: volume
        ? { kind: "volume", volume: volume.name, target: STANDIN_DATA_DIR }
        : member.group.state === "tmpfs"
          ? { kind: "tmpfs", target: STANDIN_DATA_DIR }
          : { kind: "container" },
      // Docker's own probe stays slow on purpose (an exec per probe is costly); rebound times recovery itself.
      healthcheck: { test: healthcheckCommand(profile.image.base), intervalMs: 5_000, timeoutMs: 3_000, startPeriodMs: 5_000, retries: 3 },
      stopTimeoutSeconds: 10,
    };
    return { host: member.group.host, role: member.role, group: member.group.group, spec, volume, config };
  });

  return {
    profile: profile.name,
    experimentId: context.experimentId,
    bridge: { name: context.bridgeName, gatewayCidr: `${context.subnetPrefix}.0.1/16` },
    hosts,
    containers,
  };
}

function daemonOf(profile: Profile, key: string): Pick<PlannedHost, "sandbox" | "existing"> {
  const host = profile.hosts[key]!;
  if (host.kind === "existing") return { existing: host };
  return {
    sandbox: {
      name: sandboxName(profile.name, key),
      options: { liveRestore: host.liveRestore, shutdownTimeout: host.shutdownTimeout },
      owner: { profile: profile.name, host: key },
    },
  };
}

function assignAddresses(profile: Profile, prefix: string, hostIndex: Map<string, number>): Member[] {
  const nextOnHost = new Map<string, number>();
  const members: Member[] = [];
  const groups: [StandinRole, SmesherGroup | PoetGroup][] = [
    ...profile.smeshers.map((group): [StandinRole, SmesherGroup] => ["smesher", group]),
    ...profile.poets.map((group): [StandinRole, PoetGroup] => ["poet", group]),
  ];
  for (const [role, group] of groups) {
    for (let i = 0; i < group.count; i++) {
      const slot = nextOnHost.get(group.host) ?? 0;
      if (slot >= MAX_CONTAINERS_PER_HOST) throw new Error(`host ${group.host}: more than ${MAX_CONTAINERS_PER_HOST} containers`);
      nextOnHost.set(group.host, slot + 1);
      const ip = `${prefix}.${hostIndex.get(group.host)}.${FIRST_MEMBER_OCTET + slot}`;
      const units = role === "smesher" ? (group as SmesherGroup).units : 0;
      members.push({ role, group, units, name: `${profile.name}-${group.group}-${i}`, ip, address: `${ip}:${STANDIN_PORT}` });
    }
  }
  return members;
}
