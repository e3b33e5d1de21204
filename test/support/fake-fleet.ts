// Test support: a fleet of fake hosts planned from a profile, every container created and running, with one call
// log for the whole fleet and a resolver that finds a host by its daemon's name as journals record it.
import type { FleetHost, HostResolver } from "../../src/fleet/hosts.js";
import { parseProfile } from "../../src/profile/load.js";
import { planTopology, type TopologyPlan } from "../../src/topology/plan.js";
import { FakeHost, type FakeContainer } from "./fake-docker.js";

/** A profile's plan, for profile text that must be valid. */
export function planOf(yaml: string, experimentId = "demo-x1"): TopologyPlan {
  const parsed = parseProfile(yaml, "test.yaml");
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => `${e.path}: ${e.message}`).join("\n"));
  const context = { experimentId, genesisMs: 0, subnetPrefix: "10.210", bridgeName: "rbtest", imageTag: "rebound-standin:test" };
  return planTopology(parsed.profile, context);
}

export interface FakeFleet {
  hosts: FakeHost[];
  /** By profile key, as FaultEnv wants them. */
  byKey: Map<string, FleetHost>;
  /** The call log every host of the fleet writes to, emptied after the set-up. */
  calls: string[];
  /** Finds a host by its daemon's name, as `rollback` and `recover` do. */
  resolve: HostResolver;
  host(key: string): FakeHost;
  container(name: string): FakeContainer;
}

/** One FakeHost per planned host (named like its sandbox daemon), every planned container created and running. */
export async function fakeFleet(plan: TopologyPlan): Promise<FakeFleet> {
  const calls: string[] = [];
  const hosts = plan.hosts.map((h) => new FakeHost(h.key, { name: h.sandbox?.name ?? h.key, calls, firstPid: 1000 * h.index }));
  const host = (key: string) => hosts.find((h) => h.key === key) ?? fail(`no fake host ${key}`);
  for (const member of plan.containers) {
    await host(member.host).engine.ensureContainer(member.spec);
    await host(member.host).engine.startContainer(member.spec.name);
  }
  calls.length = 0;
  return {
    hosts,
    byKey: new Map(hosts.map((h) => [h.key, h])),
    calls,
    resolve: async (name) => hosts.find((h) => h.daemon.name === name),
    host,
    container: (name) => hosts.find((h) => h.state.find(name))?.container(name) ?? fail(`no fake container ${name}`),
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** Two hosts: smeshers demo-sm-0 and demo-sm-1 on a, demo-far-0 and the PoET demo-poet-0 (policy always) on b. */
export const TWO_HOSTS = planOf(`
name: demo
hosts: { a: {}, b: {} }
smeshers:
  - { group: sm, count: 2, units: 10, host: a }
  - { group: far, count: 1, units: 10, host: b }
poets:
  - { group: poet, host: b, restart: always }
`);
