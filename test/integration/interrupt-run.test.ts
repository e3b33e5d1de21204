// SIGINT during a run's fault: exit 130, and no daemon left stopped, no container paused, no partition.
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSandbox } from "../../src/daemon/sandbox-registry.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import { isolatedHome, rebound, REPO, requireDockerEngine } from "../support/cli.js";
import { eventually } from "../support/poll.js";
import { writeProfile } from "../support/run-profile.js";

const sandbox = isolatedHome("interruptrun");
beforeAll(requireDockerEngine);
afterAll(async () => {
  await rebound(["engine", "down"], sandbox.env);
  await sandbox.remove();
});

const FAULTS = {
  pause: "  - { fault: pause, target: { name: itint-pause-s-0 }, duration: 120, at: { after: 0 } }",
  partition: "  - { fault: partition, target: { name: itint-partition-s-0 }, duration: 120, at: { after: 0 } }",
  "daemon-restart": "  - { fault: daemon-restart, target: { host: a }, downSeconds: 120, at: { after: 0 } }",
};

describe.each(Object.entries(FAULTS))("SIGINT during %s", (fault, method) => {
  const name = `itint-${fault}`;
  afterAll(() => rebound(["down", name, "--volumes"], sandbox.env));

  it("exits 130 after rolling the fault back", async () => {
    const profile = writeProfile(sandbox.home, name, method);
    const run = execa("./bin/rebound", ["run", profile, "--keep"], { cwd: REPO, env: { ...sandbox.env, CI: "true", NO_COLOR: "1" }, reject: false });
    let stderr = "";
    run.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    await eventually("the fault began", async () => stderr, (text) => text.includes(`f1 ${fault}`), 180_000);
    // Let the fault take hold before interrupting it.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    run.kill("SIGINT");
    const result = await run;
    expect(result.exitCode, result.stderr).toBe(130);

    const daemon = (await loadSandbox(`${name}.a`))!;
    expect((await daemon.status()).running).toBe(true);
    const engine = new DockerodeEngine(daemon.endpoint);
    const target = await eventually("target running", async () => (await engine.inspectContainer(`${name}-s-0`))!, (s) => s.running, 60_000);
    expect(target.paused).toBe(false);
    const chains = await execa("nsenter", ["-t", String(target.pid), "-n", "iptables", "-S"]);
    expect(chains.stdout).not.toContain("REBOUND-PARTITION");
  });
});
