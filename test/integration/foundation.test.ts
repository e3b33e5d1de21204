// The walking skeleton on real Docker: two sandbox daemons, up / status / kill / daemon restart / down.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSandbox } from "../../src/daemon/sandbox-registry.js";
import type { SandboxDaemon } from "../../src/daemon/sandbox-daemon.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import type { ExperimentStatus } from "../../src/observe/fleet-status.js";
import { fetchStatus, isHealthy } from "../../src/observe/standin-client.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";
import { eventually } from "../support/poll.js";

const PROFILE = "test/fixtures/integration/two-hosts.yaml";
const sandbox = isolatedHome("foundation");
const env = sandbox.env;
let hostA: SandboxDaemon;
let engineA: DockerodeEngine;

async function statusOf(): Promise<ExperimentStatus> {
  const result = await rebound(["status", PROFILE, "--json"], env);
  expect(result.exitCode, result.stderr).toBe(0);
  return (JSON.parse(result.stdout) as ExperimentStatus[])[0]!;
}

const container = (status: ExperimentStatus, name: string) => status.containers.find((c) => c.name === name)!;

beforeAll(async () => {
  await requireDockerEngine();
  const result = await rebound(["up", PROFILE], env);
  expect(result.exitCode, result.stderr).toBe(0);
  hostA = (await loadSandbox("itfleet.a"))!;
  engineA = new DockerodeEngine(hostA.endpoint);
});

afterAll(async () => {
  await rebound(["down", PROFILE, "--volumes"], env);
  await rebound(["engine", "down"], env);
  await sandbox.remove();
});

describe("rebound up / status on two sandbox daemons", () => {
  it("runs 4 smeshers and 2 PoETs across both hosts, each on its own daemon", async () => {
    const status = await statusOf();
    expect(status.hosts.map((h) => [h.key, h.running])).toEqual([["a", true], ["b", true]]);
    expect(status.hosts[0]!.endpoint).not.toBe(status.hosts[1]!.endpoint);
    expect(status.containers.map((c) => [c.name, c.host, c.state])).toEqual([
      ["itfleet-always-0", "b", "running"],
      ["itfleet-keep-0", "a", "running"],
      ["itfleet-keep-1", "a", "running"],
      ["itfleet-once-0", "a", "running"],
      ["itfleet-poet-a-0", "a", "running"],
      ["itfleet-poet-b-0", "b", "running"],
    ]);
    expect(status.containers.map((c) => c.restartPolicy)).toEqual(["always", "unless-stopped", "unless-stopped", "no", "always", "unless-stopped"]);
  });

  it("reports every stand-in healthy by Docker's own healthcheck", async () => {
    const status = await eventually("all healthy", statusOf, (s) => s.containers.every((c) => c.health === "healthy"), 60_000, 1_000);
    expect(status.containers.every((c) => c.standin?.starts === 1)).toBe(true);
  });

  it("lets stand-ins on different daemons reach each other as peers", async () => {
    const status = await eventually(
      "smeshers see their 3 peers",
      statusOf,
      (s) => s.containers.filter((c) => c.role === "smesher").every((c) => c.standin?.peersReachable === 3),
      30_000,
      1_000,
    );
    expect(container(status, "itfleet-always-0").standin?.peersTotal).toBe(3);
  });
});

describe("restarts", () => {
  it("brings a smesher SIGKILLed from the host back under unless-stopped, same identity, starts + 1", async () => {
    const before = (await engineA.inspectContainer("itfleet-keep-0"))!;
    const identity = (await fetchStatus(before.ip!))!;
    expect(identity.starts).toBe(1);
    // From the host by PID: a kill through the Docker API would mark it user-stopped and skip the policy.
    process.kill(before.pid, "SIGKILL");
    const after = await eventually(
      "restarted by policy",
      async () => (await engineA.inspectContainer("itfleet-keep-0"))!,
      (s) => s.running && s.startedAt !== before.startedAt,
    );
    expect(after.restartCount).toBe(before.restartCount + 1);
    const resumed = await eventually("stand-in answers", async () => fetchStatus(after.ip!), (s) => s !== undefined);
    expect(resumed!.starts).toBe(2);
    expect(resumed!.key).toBe(identity.key);
    expect(resumed!.postInits).toBe(1);
  });

  it("after a daemon stop and start, always and unless-stopped come back and no stays down", async () => {
    const keepBefore = (await fetchStatus((await engineA.inspectContainer("itfleet-keep-1"))!.ip!))!;
    await hostA.stop();
    expect((await hostA.status()).running).toBe(false);
    await hostA.start();
    const names = ["itfleet-keep-0", "itfleet-keep-1", "itfleet-poet-a-0"];
    for (const name of names) {
      const state = await eventually(`${name} running`, async () => (await engineA.inspectContainer(name))!, (s) => s.running);
      await eventually(`${name} healthy`, () => isHealthy(state.ip!), Boolean);
    }
    const once = (await engineA.inspectContainer("itfleet-once-0"))!;
    expect(once.status).toBe("exited");
    // A stand-in that handles SIGTERM exits 0 on a daemon stop, not 137.
    expect(once.exitCode).toBe(0);
    const keepAfter = (await fetchStatus((await engineA.inspectContainer("itfleet-keep-1"))!.ip!))!;
    expect(keepAfter.key).toBe(keepBefore.key);
    expect(keepAfter.starts).toBe(keepBefore.starts + 1);
  });
});

describe("rebound down", () => {
  it("removes exactly what up created and leaves an unlabelled container on the same daemon alone", async () => {
    const image = (await engineA.inspectContainer("itfleet-keep-0"))!.image;
    await engineA.ensureContainer({
      name: "not-rebounds",
      image,
      env: {},
      labels: { owner: "someone-else" },
      network: "none",
      ip: "",
      restart: "no",
      data: { kind: "container" },
      healthcheck: { test: ["NONE"], intervalMs: 0, timeoutMs: 0, startPeriodMs: 0, retries: 0 },
      stopTimeoutSeconds: 1,
    });
    expect(await engineA.inspectContainer("not-rebounds")).toBeDefined();

    const result = await rebound(["down", PROFILE, "--volumes", "--json"], env);
    expect(result.exitCode, result.stderr).toBe(0);
    const [removed] = JSON.parse(result.stdout) as { containers: string[]; volumes: string[] }[];
    expect(removed!.containers).toHaveLength(6);
    expect(removed!.volumes).toHaveLength(6);

    expect(await engineA.listContainers({})).toEqual([]);
    expect(await engineA.listVolumes({})).toEqual([]);
    expect(await engineA.listNetworks({})).toEqual([]);
    expect(await engineA.inspectContainer("not-rebounds")).toBeDefined();
    await engineA.removeContainer("not-rebounds");

    const again = await rebound(["down", PROFILE, "--volumes"], env);
    expect(again.exitCode, again.stderr).toBe(0);
  });
});
