// node-drain over fake hosts: the undo names the manager that drains, the node is drained for its duration and
// made active again, the undo makes it active through that manager, and a profile without a swarm is refused.
import { describe, expect, it } from "vitest";
import { LABEL } from "../../src/docker/labels.js";
import type { SwarmControl, SwarmNode } from "../../src/docker/swarm.js";
import type { FleetHost } from "../../src/fleet/hosts.js";
import { nodeDrainFault } from "../../src/faults/node-faults.js";
import { performUndo } from "../../src/faults/undo.js";
import { parseProfile } from "../../src/profile/load.js";
import type { FaultSpec } from "../../src/profile/schema.js";

const nodes: SwarmNode[] = ["a", "b"].map((key) => ({ id: `id-${key}`, role: key === "a" ? "manager" : "worker", status: "ready", availability: "active", address: "", labels: { [LABEL.host]: key } }));

function host(key: string, manager: boolean, calls: string[]): FleetHost {
  const control = {
    state: async () => ({ state: "active", nodeId: `id-${key}`, manager, error: "" }),
    nodes: async () => nodes,
    setAvailability: async (id: string, availability: string) => void calls.push(`${key}: ${id} ${availability}`),
  } as unknown as SwarmControl;
  return {
    key,
    owned: true,
    daemon: { name: `sb-${key}`, status: async () => ({ running: true }), start: async () => {} },
    engine: { swarm: () => control },
  } as unknown as FleetHost;
}

const spec = { fault: "node-drain", target: { host: "b" }, at: { after: 1 }, duration: 0.05 } as unknown as FaultSpec;

describe("node-drain", () => {
  it("journals an undo on the manager, drains the node for its duration, then makes it active", async () => {
    const calls: string[] = [];
    const hosts = new Map([["b", host("b", false, calls)], ["a", host("a", true, calls)]]);
    const logged: string[] = [];
    const prepared = await nodeDrainFault(spec, "f1", { hosts, members: [], seed: 1, signal: new AbortController().signal, log: (l) => logged.push(l) });
    expect(prepared.record).toEqual({ id: "f1", kind: "node-drain", targets: [{ host: "b" }], undo: [{ kind: "activate-node", sandbox: "sb-a", node: "b" }] });
    expect(calls).toEqual([]); // nothing before the journal has the intent
    await prepared.run();
    expect(calls).toEqual(["a: id-b drain", "a: id-b active"]);
    expect(logged).toEqual(["b: drained by the manager on a"]);
  });

  it("fails before anything happens when no manager answers", async () => {
    const calls: string[] = [];
    const hosts = new Map([["b", host("b", false, calls)]]);
    await expect(nodeDrainFault(spec, "f1", { hosts, members: [], seed: 1, signal: new AbortController().signal, log: () => {} })).rejects.toThrow(/no manager of the swarm answered: node b cannot be changed/);
    expect(calls).toEqual([]);
  });

  it("undoes a drain by making the node active through the journaled manager", async () => {
    const calls: string[] = [];
    const manager = host("a", true, calls);
    const outcome = await performUndo({ kind: "activate-node", sandbox: "sb-a", node: "b" }, async (name) => (name === "sb-a" ? manager : undefined));
    expect(outcome).toEqual({ what: "node b active again (through the manager on sb-a)" });
    expect(calls).toEqual(["a: id-b active"]);
  });

  it("is refused in a profile without orchestrator: swarm, at the fault", () => {
    const text = "name: t\nhosts: { a: {} }\nsmeshers:\n  - { group: s, count: 1, units: 1, host: a }\nmethod:\n  - { fault: node-drain, target: { host: a }, at: { after: 1 } }\n";
    const parsed = parseProfile(text, "t.yaml");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(["6:14 node-drain acts on a swarm node; it needs orchestrator: swarm"]);
  });
});
