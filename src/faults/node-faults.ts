// Faults on a swarm node as its managers see it: its daemon keeps running, the swarm changes what it runs there.
import { pause } from "../util/interrupt.js";
import { hostOf, type FaultFactory } from "./fault-env.js";
import { parameter } from "./catalog.js";
import { managedNode } from "./swarm-node.js";

/** Drain for duration, then active: the undo (make it active) is journaled first, on the manager that drains it. */
export const nodeDrainFault: FaultFactory = async (spec, id, env) => {
  const host = hostOf(env, spec.target.host!);
  const { manager, control, nodeId } = await managedNode(env.hosts.values(), host.key);
  return {
    record: { id, kind: spec.fault, targets: [{ host: host.key }], undo: [{ kind: "activate-node", sandbox: manager.daemon.name, node: host.key }] },
    run: async () => {
      env.log(`${host.key}: drained by the manager on ${manager.key}`);
      await control.setAvailability(nodeId, "drain");
      await pause(parameter(spec, "duration") * 1000, env.signal);
      await control.setAvailability(nodeId, "active");
    },
  };
};
