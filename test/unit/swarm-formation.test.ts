// Forming a swarm of sandbox nodes, against in-memory nodes: who inits, who joins with which token, labels,
// idempotence, and the order nodes leave in. (test/manual/swarm-nodes.test.ts does it on real dockerds.)
import { describe, expect, it } from "vitest";
import type { SwarmControl, SwarmNode, SwarmState } from "../../src/docker/swarm.js";
import { nodeNetwork } from "../../src/daemon/node-network.js";
import { dissolveSwarm, formSwarm, HOST_NODE_LABEL, type SwarmMember } from "../../src/fleet/swarm-formation.js";

/** A swarm in memory: nodes[] as the managers see them, each control one node's API, calls in `log`. */
function fakeSwarm() {
  const nodes: SwarmNode[] = [];
  const log: string[] = [];
  const control = (name: string): SwarmControl => {
    let state: SwarmState = { state: "inactive", nodeId: "", manager: false, error: "" };
    const add = (role: SwarmNode["role"], address: string) => {
      state = { state: "active", nodeId: `id-${name}`, manager: role === "manager", error: "" };
      nodes.push({ id: state.nodeId, role, status: "ready", availability: "active", address, labels: {} });
    };
    return {
      state: async () => state,
      init: async ({ advertiseAddr, listenAddr }) => (log.push(`${name} init ${advertiseAddr} ${listenAddr}`), add("manager", advertiseAddr), state.nodeId),
      joinToken: async (role) => `token-${role}`,
      join: async ({ managerAddr, token, advertiseAddr }) => (log.push(`${name} join ${managerAddr} ${token}`), add(token.endsWith("manager") ? "manager" : "worker", advertiseAddr)),
      leave: async (force) => {
        log.push(`${name} leave${force ? " force" : ""}`);
        state = { state: "inactive", nodeId: "", manager: false, error: "" };
      },
      nodes: async () => nodes.map((n) => ({ ...n, labels: { ...n.labels } })),
      labelNode: async (id, labels) => {
        log.push(`${name} label ${id} ${JSON.stringify(labels)}`);
        Object.assign(nodes.find((n) => n.id === id)!.labels, labels);
      },
    };
  };
  return { nodes, log, control };
}

describe("formSwarm", () => {
  it("the first manager inits at its bridge address; the others join with their role's token; every node gets its host label", async () => {
    const swarm = fakeSwarm();
    const members: SwarmMember[] = [
      { key: "a", role: "manager", address: "10.9.0.11", control: swarm.control("a") },
      { key: "b", role: "worker", address: "10.9.0.12", control: swarm.control("b") },
      { key: "c", role: "manager", address: "10.9.0.13", control: swarm.control("c") },
    ];
    const formed = await formSwarm(members);
    expect(swarm.log.filter((l) => !l.includes(" label "))).toEqual(["a init 10.9.0.11 10.9.0.11:2377", "b join 10.9.0.11:2377 token-worker", "c join 10.9.0.11:2377 token-manager"]);
    expect(formed.nodes.map((n) => [n.labels[HOST_NODE_LABEL], n.role])).toEqual([["a", "manager"], ["b", "worker"], ["c", "manager"]]);
    // Formed again: nobody inits, joins or is labelled twice.
    swarm.log.length = 0;
    await formSwarm(members);
    expect(swarm.log).toEqual([]);
  });

  it("leaves workers first, then managers, each with force", async () => {
    const swarm = fakeSwarm();
    const members: SwarmMember[] = [
      { key: "a", role: "manager", address: "10.9.0.11", control: swarm.control("a") },
      { key: "b", role: "worker", address: "10.9.0.12", control: swarm.control("b") },
    ];
    await formSwarm(members);
    swarm.log.length = 0;
    await dissolveSwarm(members);
    expect(swarm.log).toEqual(["b leave force", "a leave force"]);
  });

  it("a swarm needs a manager", async () => {
    await expect(formSwarm([{ key: "a", role: "worker", address: "10.9.0.11", control: fakeSwarm().control("a") }])).rejects.toThrow("a swarm needs a manager");
  });
});

describe("nodeNetwork", () => {
  it("names fit the kernel's 15 characters and addresses start at .0.11 of the experiment's /16", () => {
    const spec = nodeNetwork("fleet.a", 1, "rb12345678", "10.201");
    expect(spec).toEqual({ netns: expect.stringMatching(/^rbn-[0-9a-f]{10}$/), hostLink: expect.stringMatching(/^rbn[0-9a-f]{10}$/), address: "10.201.0.11", prefixLength: 16, gateway: "10.201.0.1", bridge: "rb12345678" });
    expect(spec.hostLink.length).toBeLessThanOrEqual(15);
    expect(nodeNetwork("fleet.c", 3, "rb12345678", "10.201").address).toBe("10.201.0.13");
    expect(nodeNetwork("fleet.b", 2, "rb12345678", "10.201").netns).not.toBe(spec.netns);
  });
});
