// Ctrl-C during `up` rolls back what it created and exits 130; sandbox daemons stay up, nothing is left half-made.
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadSandbox } from "../../src/daemon/sandbox-registry.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import { isolatedHome, rebound, reboundInterrupted, requireDockerEngine } from "../support/cli.js";

const PROFILE = "test/fixtures/integration/isolation.yaml";
const sandbox = isolatedHome("interrupt");
beforeAll(requireDockerEngine);
afterAll(async () => {
  await rebound(["down", PROFILE, "--volumes"], sandbox.env);
  await rebound(["engine", "down"], sandbox.env);
  await sandbox.remove();
});

it("SIGINT while containers are being created: exit 130, and no container or network of the profile is left", async () => {
  const result = await reboundInterrupted(["up", PROFILE], sandbox.env, /containers 1\//);
  expect(result.interrupted, result.stderr).toBe(true);
  expect(result.exitCode, result.stderr).toBe(130);
  expect(result.stderr).toContain("removing what up created");

  const engine = new DockerodeEngine((await loadSandbox("itiso.a"))!.endpoint);
  expect(await engine.listContainers({ profile: "itiso" })).toEqual([]);
  expect(await engine.listNetworks({ profile: "itiso" })).toEqual([]);
});
