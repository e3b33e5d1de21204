// kill -9 of `rebound run` at ten points (up, steady state, a daemon fault's down time, an upgrade's unpack, a
// pause, a partition, a stop's grace period, a host reboot, observation, teardown): `rebound recover` undoes
// the fault (each undo observed done) and finishes the run's removal of its experiment, so nothing is left
// stopped, paused or cut off, nothing is left at all, and the next point's run of the same profile (from
// scratch, as runs start) works. Prints the table: point, what was left, what recover did, how long it took.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listSandboxes } from "../../src/daemon/sandbox-registry.js";
import type { SandboxDaemon } from "../../src/daemon/sandbox-daemon.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import { isolatedHome, rebound, REPO, requireDockerEngine } from "../support/cli.js";
import { eventually } from "../support/poll.js";

const NAME = "itkill";
const CONTAINERS = [`${NAME}-s-0`, `${NAME}-s-1`, `${NAME}-t-0`, `${NAME}-poet-0`];
const sandbox = isolatedHome("recoverkill");
const table: { point: string; left: string; did: string; seconds: string }[] = [];

beforeAll(requireDockerEngine);
afterAll(async () => {
  console.log(formatTable());
  await rebound(["down", NAME, "--volumes"], sandbox.env);
  await rebound(["engine", "down"], sandbox.env);
  await sandbox.remove();
});

/** One plan for every point (the same profile), only the method differs; t-0 ignores SIGTERM, so a stop's grace period lasts. */
function profileWith(point: string, method: string): string {
  const path = join(sandbox.home, `${NAME}-${point}.yaml`);
  writeFileSync(
    path,
    `name: ${NAME}
hosts:
  a: { shutdownTimeout: 3 }
network: { layerSeconds: 1, layersPerEpoch: 10, postInitLayers: 1 }
smeshers:
  - { group: s, count: 2, units: 10, host: a, restart: unless-stopped }
  - { group: t, count: 1, units: 10, host: a, restart: unless-stopped, ignoreSigterm: true }
poets:
  - { group: poet, count: 1, host: a, restart: unless-stopped }
steady: { verifiedLag: 3, forLayers: 2, timeoutSeconds: 120 }
end: { afterLayers: 2 }
method:
${method}
`,
  );
  return path;
}

type Entry = { type: string; step?: string; phase?: string };

const runsDir = join(sandbox.home, "runs");
const runIds = () => (existsSync(runsDir) ? readdirSync(runsDir) : []);
/** The runs that existed before the current one started: recover appends to those, so mtime cannot tell them apart. */
let earlier = new Set<string>();

/** The current run's journal entries (a torn last line is skipped: the run writes while we read). */
function journal(): Entry[] {
  const current = runIds().filter((id) => !earlier.has(id)).map((id) => join(runsDir, id, "journal.jsonl")).find(existsSync);
  if (!current) return [];
  return readFileSync(current, "utf8").split("\n").flatMap((line) => {
    try {
      return [JSON.parse(line) as Entry];
    } catch {
      return [];
    }
  });
}

async function daemon(): Promise<SandboxDaemon | undefined> {
  return (await listSandboxes()).find((d) => d.spec.owner?.profile === NAME);
}

async function partitioned(pid: number): Promise<boolean> {
  const rules = await execa("nsenter", ["-t", String(pid), "-n", "iptables", "-S"], { reject: false });
  return rules.stdout.includes("REBOUND-PARTITION");
}

/** What is wrong with the fleet now: a daemon down, containers stopped, paused or cut off. */
async function whatIsWrong(): Promise<string[]> {
  const d = await daemon();
  if (!d) return ["no sandbox"];
  if (!(await d.status()).running) return [`daemon ${d.name} down`];
  const engine = new DockerodeEngine(d.endpoint);
  const wrong: string[] = [];
  for (const name of CONTAINERS) {
    const state = await engine.inspectContainer(name);
    const short = name.slice(NAME.length + 1);
    if (!state) wrong.push(`${short} missing`);
    else if (!state.running) wrong.push(`${short} ${state.status}`);
    else if (state.paused) wrong.push(`${short} paused`);
    else if (await partitioned(state.pid)) wrong.push(`${short} cut off`);
  }
  return wrong;
}

function startRun(point: string, method: string): { run: ResultPromise; stderr: () => string; ended: () => boolean } {
  earlier = new Set(runIds());
  const run = execa("./bin/rebound", ["run", profileWith(point, method)], { cwd: REPO, env: { ...sandbox.env, CI: "true", NO_COLOR: "1" }, reject: false });
  let err = "";
  let ended = false;
  run.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
  void run.then(() => (ended = true));
  return { run, stderr: () => err, ended: () => ended };
}

const hasStep = (step: string) => journal().some((e) => e.type === "step" && e.step === step);
const faultBegun = () => journal().some((e) => e.type === "fault-intent");

/** Kills the run once `ready` holds, recovers, and returns recover's output and what was wrong just before. */
async function killAndRecover(point: string, method: string, ready: () => Promise<boolean>, settleMs = 0) {
  const { run, stderr, ended } = startRun(point, method);
  await eventually(`${point}: the kill point`, async () => ended() || (await ready()), Boolean, 240_000, 100).catch((error: Error) => {
    throw new Error(`${error.message}\n${stderr()}`);
  });
  expect(ended(), `the run ended before the kill point:\n${stderr()}`).toBe(false);
  if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
  run.kill("SIGKILL");
  await run;
  const left = await whatIsWrong().catch((error: Error) => [`(could not look: ${error.message})`]);
  const started = Date.now();
  const recovered = await rebound(["recover"], sandbox.env);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  expect(recovered.exitCode, `${recovered.stdout}\n${recovered.stderr}`).toBe(0);
  const did = recovered.stdout.split("\n").slice(1).map((line) => line.trim()).filter(Boolean);
  table.push({ point, left: left.join(", ") || "nothing wrong", did: did.join("; ") || "nothing owed", seconds });
  // Settled: a second recover finds nothing.
  const again = await rebound(["recover"], sandbox.env);
  expect(again.stdout).toContain("nothing to recover");
  return recovered.stdout;
}

/** Nothing of the experiment is left: no record, no running sandbox daemon (so nothing stopped, paused or cut off either). */
async function expectNothingLeft(out: string): Promise<void> {
  expect(out).toContain("finished the teardown");
  expect(out).not.toContain("left:");
  expect(existsSync(join(sandbox.home, "experiments", `${NAME}.json`))).toBe(false);
  expect(await daemonRunning()).toBe(false);
}

const after0 = "at: { after: 0 }";
const daemonDown = async () => faultBegun() && (await daemon()) !== undefined && !(await (await daemon())!.status()).running;

describe.sequential("kill -9 at ten points, then rebound recover", () => {
  it("during up", async () => {
    const out = await killAndRecover("up", `  - { fault: pause, target: { name: ${NAME}-s-0 }, duration: 1, ${after0} }`, async () => hasStep("up") && !journal().some((e) => e.type === "experiment") && (await daemonRunning()));
    await expectNothingLeft(out);
  }, 300_000);

  it("in steady state", async () => {
    const out = await killAndRecover("steady", `  - { fault: pause, target: { name: ${NAME}-s-0 }, duration: 1, ${after0} }`, async () => hasStep("steady"), 1_000);
    await expectNothingLeft(out);
  }, 300_000);

  it("in a daemon restart's down time", async () => {
    const out = await killAndRecover("daemon-down", `  - { fault: daemon-restart, target: { host: a }, downSeconds: 120, ${after0} }`, daemonDown);
    expect(out).toMatch(/started daemon /);
    await expectNothingLeft(out);
  }, 300_000);

  it("in an unattended upgrade's unpack", async () => {
    const out = await killAndRecover("upgrade-unpack", `  - { fault: unattended-upgrade, target: { host: a }, package: docker-ce, unpackSeconds: 120, ${after0} }`, daemonDown);
    expect(out).toMatch(/started daemon /);
    await expectNothingLeft(out);
  }, 300_000);

  it("during a pause", async () => {
    const out = await killAndRecover("pause", `  - { fault: pause, target: { name: ${NAME}-s-0 }, duration: 120, ${after0} }`, async () => (await whatIsWrong()).includes("s-0 paused"));
    expect(out).toContain(`unpaused ${NAME}-s-0`);
    await expectNothingLeft(out);
  }, 300_000);

  it("during a partition", async () => {
    const out = await killAndRecover("partition", `  - { fault: partition, target: { name: ${NAME}-s-0 }, duration: 120, ${after0} }`, async () => (await whatIsWrong()).includes("s-0 cut off"));
    expect(out).toContain(`healed the partition of ${NAME}-s-0`);
    await expectNothingLeft(out);
  }, 300_000);

  it("in a stop's grace period (the container ignores SIGTERM: dockerd kills it 10 s later)", async () => {
    // Killed 2 s into the grace period: recover's start is a 304 while dockerd still stops it; it must wait that out.
    const out = await killAndRecover("stop-grace", `  - { fault: stop, target: { name: ${NAME}-t-0 }, timeout: 10, duration: 120, ${after0} }`, async () => faultBegun(), 2_000);
    expect(out).toContain(`started ${NAME}-t-0`);
    await expectNothingLeft(out);
  }, 300_000);

  it("in a host reboot's down time", async () => {
    const out = await killAndRecover("host-reboot", `  - { fault: host-reboot, target: { host: a }, downSeconds: 120, ${after0} }`, daemonDown);
    expect(out).toMatch(/started daemon /);
    await expectNothingLeft(out);
  }, 300_000);

  it("during observation", async () => {
    const out = await killAndRecover("observe", `  - { fault: pause, target: { name: ${NAME}-s-0 }, duration: 1, ${after0} }`, async () => hasStep("observe"), 500);
    await expectNothingLeft(out);
  }, 300_000);

  it("during teardown: recover finishes removing what the run created", async () => {
    const out = await killAndRecover("teardown", `  - { fault: pause, target: { name: ${NAME}-s-0 }, duration: 1, ${after0} }`, async () => journal().some((e) => e.type === "teardown" && e.phase === "begin"));
    await expectNothingLeft(out);
  }, 300_000);

  it("and a new run of the same profile works", async () => {
    const { run, stderr } = startRun("again", `  - { fault: pause, target: { name: ${NAME}-s-0 }, duration: 2, ${after0} }`);
    const result = await run;
    expect(result.exitCode, stderr()).toBe(0);
  }, 300_000);
});

async function daemonRunning(): Promise<boolean> {
  const d = await daemon();
  return d !== undefined && (await d.status()).running;
}

function formatTable(): string {
  const rows = [["point", "left after the kill", "what recover did", "recover (s)"], ...table.map((r) => [r.point, r.left, r.did, r.seconds])];
  return rows.map((r) => `| ${r.join(" | ")} |`).join("\n");
}
