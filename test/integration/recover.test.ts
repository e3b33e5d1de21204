// kill -9 of rebound while a daemon fault has the daemon down: `rebound recover` starts the daemon again from
// the journal, then finishes the run (removes its experiment); but after the user's own `down --volumes` and
// `engine down`, recover leaves the daemon stopped and says the undo is moot.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { listSandboxes } from "../../src/daemon/sandbox-registry.js";
import { isolatedHome, rebound, REPO, requireDockerEngine } from "../support/cli.js";
import { eventually } from "../support/poll.js";
import { writeProfile } from "../support/run-profile.js";

const sandbox = isolatedHome("recover");
const profile = writeProfile(sandbox.home, "itrecover", "  - { fault: daemon-restart, target: { host: a }, downSeconds: 120, at: { after: 0 } }");
beforeAll(requireDockerEngine);
afterAll(async () => {
  await rebound(["down", "itrecover", "--volumes"], sandbox.env);
  await rebound(["engine", "down"], sandbox.env);
  await sandbox.remove();
});

const sandboxOf = async () => (await listSandboxes()).find((d) => d.spec.owner?.profile === "itrecover");

/** Starts the run and SIGKILLs it while the fault has the daemon down. */
async function killWhileDaemonDown() {
  const run = execa("./bin/rebound", ["run", profile], { cwd: REPO, env: { ...sandbox.env, CI: "true", NO_COLOR: "1" }, reject: false });
  let stderr = "";
  run.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const daemon = (await eventually("the sandbox daemon exists", sandboxOf, (d) => d !== undefined, 120_000))!;
  await eventually("the fault began", async () => stderr, (text) => text.includes("daemon-restart"), 180_000);
  await eventually("the daemon is down", async () => (await daemon.status()).running, (running) => !running, 60_000);
  run.kill("SIGKILL");
  await run;
  return daemon;
}

it("recovers a run SIGKILLed while its daemon was down: the daemon starts, then the run's removal is finished", async () => {
  const daemon = await killWhileDaemonDown();

  const recovered = await rebound(["recover"], sandbox.env);
  expect(recovered.exitCode, recovered.stderr).toBe(0);
  expect(recovered.stdout).toContain(`started daemon ${daemon.name}`);
  expect(recovered.stdout).toContain("finished the teardown");
  expect(recovered.stdout).not.toContain("left:");
  // What the run would have done at its end: the experiment is gone and its daemon stopped.
  expect(existsSync(join(sandbox.home, "experiments", "itrecover.json"))).toBe(false);
  expect((await daemon.status()).running).toBe(false);
  // A second recover has nothing left to do.
  const again = await rebound(["recover"], sandbox.env);
  expect(again.exitCode).toBe(0);
  expect(again.stdout).toContain("nothing to recover");
}, 300_000);

it("after the hint's down --volumes and engine down, recover does not start the daemon again", async () => {
  const daemon = await killWhileDaemonDown();
  expect((await rebound(["down", "itrecover", "--volumes"], sandbox.env)).exitCode).toBe(0);
  expect((await rebound(["engine", "down"], sandbox.env)).exitCode).toBe(0);

  const recovered = await rebound(["recover"], sandbox.env);
  expect(recovered.exitCode, recovered.stderr).toBe(0);
  expect(recovered.stdout).toContain("nothing to undo: experiment");
  expect(recovered.stdout).not.toContain("started daemon");
  expect((await daemon.status()).running).toBe(false);
  expect(await daemon.pid()).toBeUndefined();
}, 300_000);
