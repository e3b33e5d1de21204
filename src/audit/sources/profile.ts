// A profile as audit subjects (pure): the fleet, each sandbox host's daemon options, each group as a workload.
import type { Profile, PoetGroup, SmesherGroup } from "../../profile/schema.js";
import { parseFraction } from "../../standins/model/fraction.js";
import type { FleetHost } from "../fleet-subject.js";
import type { Subject } from "../subjects.js";
import { parseRestart, type StateKind, type Workload } from "../workload.js";

const STATE: Record<string, StateKind> = { volume: "named-volume", container: "container-fs", tmpfs: "tmpfs" };

function groupWorkload(file: string, path: string, group: SmesherGroup | PoetGroup): Workload {
  return {
    object: { kind: "group", name: `${path} (${group.group})`, scope: file },
    target: { kind: "profile", file, path },
    // The profile schema only admits valid policies.
    restart: { value: parseRestart(group.restart)!, evidence: `${path}.restart: ${group.restart}` },
    state: { value: STATE[group.state]!, evidence: `${path}.state: ${group.state}` },
    dataPath: "/data",
    ignoresSigterm: { value: group.ignoreSigterm, evidence: `${path}.ignoreSigterm: ${group.ignoreSigterm}` },
  };
}

export function profileSubjects(profile: Profile, file: string): Subject[] {
  const subjects: Subject[] = [];
  const hosts = new Map<string, FleetHost>(Object.keys(profile.hosts).map((key) => [key, { key, weight: 0, poets: 0, groups: [] }]));
  profile.smeshers.forEach((group, i) => {
    const host = hosts.get(group.host)!;
    host.weight += group.count * group.units;
    host.groups.push(`${group.group} ${group.count} x ${group.units}`);
    const workload = groupWorkload(file, `smeshers[${i}]`, group);
    subjects.push({ kind: "workload", object: workload.object, workload });
  });
  profile.poets.forEach((group, i) => {
    hosts.get(group.host)!.poets += group.count;
    const workload = groupWorkload(file, `poets[${i}]`, group);
    subjects.push({ kind: "workload", object: workload.object, workload });
  });
  for (const [key, host] of Object.entries(profile.hosts)) {
    // An existing engine's live-restore is its daemon.json's: audit -H reads it there, not from the profile.
    if (host.kind === "existing") continue;
    const path = `hosts.${key}`;
    subjects.push({
      kind: "daemon",
      object: { kind: "host", name: key, scope: file },
      daemon: { configuredBy: { kind: "profile", file, path }, liveRestore: { value: host.liveRestore, evidence: `${path}.liveRestore: ${host.liveRestore}` } },
    });
  }
  const fleet = {
    file,
    profile: profile.name,
    hosts: [...hosts.values()],
    hareThreshold: parseFraction(profile.network.hareThreshold),
    tortoiseThreshold: parseFraction(profile.network.tortoiseThreshold),
    selfHealing: profile.network.selfHealing,
  };
  subjects.push({ kind: "fleet", object: { kind: "fleet", name: profile.name, scope: file }, fleet });
  return subjects;
}
