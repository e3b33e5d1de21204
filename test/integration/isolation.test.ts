// A Docker daemon the user already runs (with containerd at its default socket, which every dockerd on the
// machine silently picks up) keeps its containers running through everything rebound does to its sandboxes.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { pingSocket } from "../../src/daemon/api-ping.js";
import { waitFor } from "../../src/daemon/process-info.js";
import { loadSandbox } from "../../src/daemon/sandbox-registry.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";

const PROFILE = "test/fixtures/integration/isolation.yaml";
const SYSTEM_CONTAINERD = "/run/containerd/containerd.sock";
const sandbox = isolatedHome("isolation");
const userDir = mkdtempSync(join(tmpdir(), "rebound-userdocker-"));
const userSocket = join(userDir, "docker.sock");
const user = (...args: string[]) => execa("docker", ["-H", `unix://${userSocket}`, ...args]);
let containerd: ChildProcess | undefined;
let dockerd: ChildProcess | undefined;

async function startDaemon(file: string, args: string[], ready: () => Promise<boolean>): Promise<ChildProcess> {
  const log = openSync(join(userDir, `${file}.log`), "a");
  const child = spawn(file, args, { stdio: ["ignore", log, log] });
  expect(await waitFor(ready, 30_000, 100), `${file} did not start; see ${userDir}/${file}.log`).toBe(true);
  return child;
}

beforeAll(async () => {
  await requireDockerEngine();
  // A machine with Docker installed normally has containerd here; provide one when this machine has none.
  if (!existsSync(SYSTEM_CONTAINERD)) {
    containerd = await startDaemon(
      "containerd",
      ["--address", SYSTEM_CONTAINERD, "--root", join(userDir, "containerd-root"), "--state", join(userDir, "containerd-state")],
      async () => existsSync(SYSTEM_CONTAINERD),
    );
  }
  writeFileSync(join(userDir, "daemon.json"), "{}\n");
  dockerd = await startDaemon(
    "dockerd",
    [
      `--host=unix://${userSocket}`,
      `--data-root=${join(userDir, "data")}`,
      `--exec-root=${join(userDir, "exec")}`,
      `--pidfile=${join(userDir, "dockerd.pid")}`,
      `--config-file=${join(userDir, "daemon.json")}`,
      `--containerd=${SYSTEM_CONTAINERD}`,
      "--bridge=none",
    ],
    () => pingSocket(userSocket),
  );
}, 60_000);

afterAll(async () => {
  await rebound(["down", PROFILE, "--volumes"], sandbox.env);
  await rebound(["engine", "down"], sandbox.env);
  await user("rm", "-f", "users-app").catch(() => undefined);
  for (const child of [dockerd, containerd]) {
    if (!child || child.exitCode !== null) continue;
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
  }
  // Only what this test made: the containerd it started leaves its socket directory behind.
  if (containerd) await rm("/run/containerd", { recursive: true, force: true });
  await sandbox.remove();
  await rm(userDir, { recursive: true, force: true });
});

it("leaves the user's daemon and its container running through up, a daemon kill, a stop, down and engine down", async () => {
  const up = await rebound(["up", PROFILE], sandbox.env);
  expect(up.exitCode, up.stderr).toBe(0);
  const hostA = (await loadSandbox("itiso.a"))!;
  const tag = (await new DockerodeEngine(hostA.endpoint).inspectContainer("itiso-s-0"))!.image;

  // The user's own container, on the user's own daemon (the image copied over: nothing is pulled).
  await execa("sh", ["-c", `docker -H ${hostA.endpoint} save ${tag} | docker -H unix://${userSocket} load -q`]);
  await user("run", "-d", "--name", "users-app", "--network", "none", "--entrypoint", "/usr/bin/node", tag, "-e", "setInterval(() => {}, 1000)");
  const before = JSON.parse((await user("inspect", "users-app")).stdout)[0].State;
  expect(before.Running).toBe(true);

  // The sandbox shares the user's containerd but not its namespace.
  const namespaces = (await execa("ctr", ["-a", SYSTEM_CONTAINERD, "namespaces", "ls", "-q"])).stdout.split("\n");
  expect(namespaces).toContain("moby");
  expect(namespaces.some((ns) => /^rb[0-9a-f]{8}$/.test(ns))).toBe(true);

  await hostA.kill();
  await hostA.start();
  await hostA.stop();
  await hostA.start();
  expect((await rebound(["down", PROFILE, "--volumes"], sandbox.env)).exitCode).toBe(0);
  expect((await rebound(["engine", "down"], sandbox.env)).exitCode).toBe(0);
  expect((await hostA.status()).running).toBe(false);

  expect(await pingSocket(userSocket)).toBe(true);
  const after = JSON.parse((await user("inspect", "users-app")).stdout)[0].State;
  expect(after.Running).toBe(true);
  expect(after.StartedAt).toBe(before.StartedAt);
  expect(after.Pid).toBe(before.Pid);
  expect((await user("ps", "-q")).stdout.trim().split("\n")).toHaveLength(1);
});
