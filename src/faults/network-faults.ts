// Network faults inside the containers' own network namespaces (nsenter + iptables / tc), so nothing on the
// host's own tables changes: a partition cuts members off from their peers; a delay adds latency.
import { environmentError } from "../errors.js";
import type { PlannedContainer } from "../topology/plan.js";
import { targetsOf } from "./container-faults.js";
import { pause } from "../util/interrupt.js";
import { hostOf, type FaultEnv, type FaultFactory, type PreparedFault } from "./fault-env.js";
import type { UndoAction } from "../journal/entries.js";
import { parameter } from "./catalog.js";

export const PARTITION_CHAIN = "REBOUND-PARTITION";
const CHAIN = PARTITION_CHAIN;

/** iptables argument lists that build the partition chain: the host (gateway) and `allowed` stay reachable. */
export function partitionRules(subnet: string, gateway: string, allowed: string[]): string[][] {
  return [
    ["-N", CHAIN],
    ["-A", CHAIN, "-s", gateway, "-j", "RETURN"],
    ["-A", CHAIN, "-d", gateway, "-j", "RETURN"],
    ...allowed.flatMap((cidr) => [["-A", CHAIN, "-s", cidr, "-j", "RETURN"], ["-A", CHAIN, "-d", cidr, "-j", "RETURN"]]),
    ["-A", CHAIN, "-s", subnet, "-j", "DROP"],
    ["-A", CHAIN, "-d", subnet, "-j", "DROP"],
    ["-I", "INPUT", "-j", CHAIN],
    ["-I", "OUTPUT", "-j", CHAIN],
  ];
}

export const HEAL_RULES = [["-D", "INPUT", "-j", CHAIN], ["-D", "OUTPUT", "-j", CHAIN], ["-F", CHAIN], ["-X", CHAIN]];

async function pidOf(member: PlannedContainer, env: FaultEnv): Promise<number> {
  const state = await hostOf(env, member.host).engine.inspectContainer(member.spec.name);
  if (!state?.running) throw new Error(`${member.spec.name} is not running`);
  return state.pid;
}

export const partitionFault: FaultFactory = async (spec, id, env): Promise<PreparedFault> => {
  const targets = targetsOf(spec, env);
  const pids = await Promise.all(targets.map((member) => pidOf(member, env)));
  // A host partition keeps the host's own members together; a container partition isolates each target.
  const octets = (ip: string, n: number) => ip.split(".").slice(0, n).join(".");
  const allowedFor = (member: PlannedContainer) => (spec.target.host !== undefined ? [`${octets(member.spec.ip, 3)}.0/24`] : [member.spec.ip]);
  const subnet = `${octets(targets[0]!.spec.ip, 2)}.0.0/16`;
  const gateway = `${octets(targets[0]!.spec.ip, 2)}.0.1`;
  const undo: UndoAction[] = targets.map((member, i) => ({
    kind: "heal-partition",
    sandbox: hostOf(env, member.host).daemon.name,
    container: member.spec.name,
    pid: pids[i]!,
    rules: HEAL_RULES.map((rule) => rule.join(" ")),
  }));
  return {
    record: { id, kind: spec.fault, targets: targets.map((m) => ({ host: m.host, container: m.spec.name })), undo },
    run: async () => {
      for (const [i, member] of targets.entries()) {
        const { processes } = hostOf(env, member.host);
        for (const rule of partitionRules(subnet, gateway, allowedFor(member))) await processes.inNetns(pids[i]!, "iptables", ["-w", ...rule]);
      }
      await pause(parameter(spec, "duration") * 1000, env.signal);
      for (const [i, member] of targets.entries()) {
        const { processes } = hostOf(env, member.host);
        for (const rule of HEAL_RULES) await processes.inNetns(pids[i]!, "iptables", ["-w", ...rule], { ifPresent: true });
      }
    },
  };
};

export const delayFault: FaultFactory = async (spec, id, env): Promise<PreparedFault> => {
  const targets = targetsOf(spec, env);
  const pids = await Promise.all(targets.map((member) => pidOf(member, env)));
  const undo: UndoAction[] = targets.map((member, i) => ({
    kind: "remove-delay",
    sandbox: hostOf(env, member.host).daemon.name,
    container: member.spec.name,
    pid: pids[i]!,
    device: "eth0",
  }));
  return {
    record: { id, kind: spec.fault, targets: targets.map((m) => ({ host: m.host, container: m.spec.name })), undo },
    run: async () => {
      for (const [i, member] of targets.entries()) {
        try {
          await hostOf(env, member.host).processes.inNetns(pids[i]!, "tc", ["qdisc", "add", "dev", "eth0", "root", "netem", "delay", `${parameter(spec, "latencyMs")}ms`]);
        } catch (error) {
          throw environmentError(
            `delay: tc netem is not available here (${(error as Error).message})`,
            "the kernel needs the sch_netem module (modprobe sch_netem)",
          );
        }
      }
      await pause(parameter(spec, "duration") * 1000, env.signal);
      for (const [i, member] of targets.entries()) {
        await hostOf(env, member.host).processes.inNetns(pids[i]!, "tc", ["qdisc", "del", "dev", "eth0", "root"], { ifPresent: true });
      }
    },
  };
};
