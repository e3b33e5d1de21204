// orchestrator: swarm on real Docker: three sandbox daemons in namespaces of their own form one swarm, members run
// as services pinned by host label and find each other by name on an overlay, status reaches them where their
// node publishes them, run refuses a container fault, and down takes everything apart (services, swarm, namespaces, rule, bridge).
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ExperimentStatus } from "../../src/observe/fleet-status.js";
import type { UpResult } from "../../src/run/bring-up.js";
import { isolatedHome, rebound, reboundInterrupted, requireDockerEngine } from "../support/cli.js";

const PROFILE = "test/fixtures/swarm/three-nodes.yaml";
const sandbox = isolatedHome("swarm");
let up: UpResult;
let machineBefore: string[];

// What the machine has that a swarm fleet adds to: namespaces, links, FORWARD rules.
const machineState = async () =>
  Promise.all([
    execa("ip", ["netns", "list"]).then((r) => r.stdout.split("\n").map((line) => line.split(" ")[0]).sort().join(" ")),
    execa("ip", ["-o", "link", "show"]).then((r) => r.stdout.split("\n").map((line) => line.split(":")[1]?.trim().split("@")[0]).sort().join(" ")),
    execa("iptables", ["-w", "-S", "FORWARD"]).then((r) => r.stdout),
  ]);

beforeAll(async () => {
  await requireDockerEngine();
  machineBefore = await machineState();
});
afterAll(async () => {
  await rebound(["down", PROFILE, "--volumes"], sandbox.env);
  await rebound(["engine", "down"], sandbox.env);
  await sandbox.remove();
}, 300_000);

const statusOf = async (): Promise<ExperimentStatus> => {
  const result = await rebound(["status", PROFILE, "--json"], sandbox.env);
  expect(result.exitCode, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as ExperimentStatus[])[0]!;
};

const docker = async (endpoint: string, args: string[]) => (await execa("docker", ["-H", endpoint, ...args])).stdout.trim();

describe("a fleet on Docker Swarm", () => {
  it("up: three nodes form a swarm, every member is a service whose task runs on its host's node and answers", async () => {
    const result = await rebound(["up", PROFILE, "--json", "--timeout", "240"], sandbox.env, 600_000);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    up = JSON.parse(result.stdout) as UpResult;
    console.log(`swarm of 3 nodes with 4 services up and healthy in ${(up.elapsedMs / 1000).toFixed(1)} s`);
    expect(up.containers.map((c) => [c.name, c.host]).sort()).toEqual([
      ["swarm3-community-0", "community"],
      ["swarm3-poet-0", "infra"],
      ["swarm3-team-0", "team"],
      ["swarm3-team-1", "team"],
    ]);
    const manager = up.hosts.find((h) => h.key === "team")!.endpoint;
    const nodes = (await docker(manager, ["node", "ls", "--format", "{{.ManagerStatus}}/{{.Status}}/{{.Availability}}"])).split("\n").sort();
    expect(nodes).toEqual(["/Ready/Active", "/Ready/Active", "Leader/Ready/Active"]);
    const policy = await docker(manager, ["service", "inspect", "-f", "{{json .Spec.TaskTemplate.RestartPolicy}} {{json .Spec.TaskTemplate.Placement.Constraints}}", "swarm3-community-0"]);
    expect(policy).toBe('{"Condition":"on-failure","Delay":1000000000,"MaxAttempts":3,"Window":10000000000} ["node.labels.io.rebound.host==community"]');
  }, 600_000);

  it("status: each task's stand-in answers at its node's published port, peers reach each other by name, consensus runs", async () => {
    let status = await statusOf();
    for (let i = 0; i < 40 && !(status.network && status.network.verifiedLayer > status.network.currentLayer - 4 && status.network.verifiedLayer >= 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      status = await statusOf();
    }
    expect(status.containers).toHaveLength(4);
    expect(status.containers.map((r) => r.restartPolicy)).toEqual(["swarm:on-failure", "swarm:any", "swarm:any", "swarm:any"]);
    for (const row of status.containers) {
      expect(row.state, row.name).toBe("running");
      expect(row.standin, row.name).toBeDefined();
    }
    // Every smesher reaches its two peers through Swarm's DNS on the overlay.
    for (const row of status.containers.filter((r) => r.role === "smesher")) expect(row.standin!.peersReachable, row.name).toBe(2);
    expect(status.network!.verifiedLayer, JSON.stringify(status.network)).toBeGreaterThanOrEqual(status.network!.currentLayer - 3);
  }, 120_000);

  it("run refuses a container fault on a swarm with one line at its spot, and changes nothing", async () => {
    const before = await statusOf();
    const result = await rebound(["run", "test/fixtures/swarm/container-fault.yaml"], sandbox.env);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/container-fault\.yaml:\d+:\d+: method\[0\]\.fault: kill is a container fault; on a swarm fleet rebound injects a node's daemon and host faults/);
    expect((await statusOf()).containers.map((c) => c.startedAt)).toEqual(before.containers.map((c) => c.startedAt));
  }, 120_000);

  it("down --volumes: services removed, the swarm dissolved, nodes stopped, and no namespace, rule or bridge left", async () => {
    const result = await rebound(["down", PROFILE, "--volumes"], sandbox.env, 300_000);
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    const status = await rebound(["status", PROFILE], sandbox.env);
    expect(status.exitCode).toBe(2); // no record: nothing is up
    for (const host of up.hosts) {
      const pgrep = await execa("pgrep", ["-f", "--", `--host=${host.endpoint}`], { reject: false });
      expect(pgrep.exitCode, `${host.key}'s daemon still runs`).toBe(1);
    }
    expect(await machineState()).toEqual(machineBefore);
  }, 300_000);

  it("SIGINT while services are being created: exit 130, the swarm is taken apart and the machine is as before", async () => {
    const result = await reboundInterrupted(["up", PROFILE], sandbox.env, /services 1\//);
    expect(result.interrupted, result.stderr).toBe(true);
    expect(result.exitCode, result.stderr).toBe(130);
    expect(result.stderr).toContain("removing the swarm and what up created");
    expect(await machineState()).toEqual(machineBefore);
  }, 300_000);
});
