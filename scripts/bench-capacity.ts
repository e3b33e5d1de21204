// Capacity benchmark: how many smeshers one sandbox daemon runs before layers stop being confirmed on time.
// Usage (root, engine installed): npm run build && npx tsx scripts/bench-capacity.ts [N ...] [--epochs E]
// For each N: a generated profile (N smeshers, 2 PoETs, one sandbox host) in its own temporary REBOUND_HOME; up;
// wait until every smesher is synced; measure E epochs; read every /status; down --volumes; engine down.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadSandbox } from "../src/daemon/sandbox-registry.js";
import { DockerodeEngine } from "../src/docker/dockerode-engine.js";
import type { ContainerState } from "../src/docker/specs.js";
import { fetchStatus } from "../src/observe/standin-client.js";
import type { StandinStatus } from "../src/standins/status.js";

const run = promisify(execFile);
const REPO = join(import.meta.dirname, "..");
const LAYERS_PER_EPOCH = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function profileYaml(n: number): string {
  return [
    "name: bench",
    "hosts:",
    "  a: {}",
    `network: { layerSeconds: 1, layersPerEpoch: ${LAYERS_PER_EPOCH}, postInitLayers: 1, selfHealing: true }`,
    "smeshers:",
    `  - { group: s, count: ${n}, units: 10, host: a, restart: unless-stopped, state: volume }`,
    "poets:",
    "  - { group: poet, count: 2, host: a, restart: unless-stopped, state: volume }",
    "",
  ].join("\n");
}

async function rebound(args: string[], home: string): Promise<string> {
  const { stdout } = await run(join(REPO, "bin", "rebound"), args, {
    cwd: REPO,
    env: { ...process.env, REBOUND_HOME: home, NO_COLOR: "1", CI: "true" },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  return stdout;
}

/** Every stand-in's own view; the containers (and so their addresses) are listed once, not on every read. */
async function views(containers: ContainerState[]): Promise<StandinStatus[]> {
  const found = await Promise.all(containers.map((c) => fetchStatus(c.ip!, 3_000)));
  return found.filter((v): v is StandinStatus => v !== undefined);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** From the container's start to the stand-in's "serving" log line (its /healthz answers 200 from then on). */
async function startToServingMs(endpoint: string, c: ContainerState): Promise<number> {
  const { stdout } = await run("docker", ["-H", endpoint, "logs", c.name], { maxBuffer: 64 * 1024 * 1024 });
  const line = stdout.split("\n").find((l) => / serving /.test(l));
  return line ? Date.parse(line.split(" ")[0]!) - Date.parse(c.startedAt) : NaN;
}

/**
 * From each container's start to the end of Docker's first passing HEALTHCHECK probe. Docker keeps only the last 5
 * probes, so the log is read early and often (one docker inspect for all, every 3 s) until each has passed once.
 */
async function startToDockerHealthyMs(endpoint: string, containers: ContainerState[]): Promise<number[]> {
  const seen = new Map<string, number>();
  for (const deadline = Date.now() + 300_000; seen.size < containers.length && Date.now() < deadline; await sleep(3_000)) {
    const args = ["-H", endpoint, "inspect", "-f", "{{.Name}} {{json .State.Health.Log}}", ...containers.map((c) => c.name)];
    const { stdout } = await run("docker", args, { maxBuffer: 64 * 1024 * 1024 });
    for (const line of stdout.trim().split("\n")) {
      const [name, log] = [line.slice(1, line.indexOf(" ")), line.slice(line.indexOf(" ") + 1)];
      const first = (JSON.parse(log) as { End: string; ExitCode: number }[] | null)?.find((probe) => probe.ExitCode === 0);
      const container = containers.find((c) => c.name === name);
      if (first && container && !seen.has(name)) seen.set(name, Date.parse(first.End) - Date.parse(container.startedAt));
    }
  }
  return [...seen.values()];
}

/** CPU time in clock ticks (1/100 s): the whole machine busy, the stand-in processes, and the Docker daemons. */
async function cpuTicks(standinPids: number[]): Promise<{ busy: number; standins: number; docker: number }> {
  const [, ...fields] = (await readFile("/proc/stat", "utf8")).split("\n")[0]!.trim().split(/\s+/).map(Number);
  const busy = fields.reduce((a, b) => a + b, 0) - fields[3]! - fields[4]!;
  const ticksOf = async (pid: number) => {
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
    const after = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(after[11] ?? 0) + Number(after[12] ?? 0); // utime, stime
  };
  const all = (await readdir("/proc")).filter((d) => /^\d+$/.test(d)).map(Number);
  const comms = await Promise.all(all.map(async (pid) => [pid, (await readFile(`/proc/${pid}/comm`, "utf8").catch(() => "")).trim()] as const));
  const dockerPids = comms.filter(([, comm]) => /^(dockerd|containerd|containerd-shim)/.test(comm)).map(([pid]) => pid);
  const sum = async (pids: number[]) => (await Promise.all(pids.map(ticksOf))).reduce((a, b) => a + b, 0);
  return { busy, standins: await sum(standinPids), docker: await sum(dockerPids) };
}

async function rssKb(pid: number): Promise<number> {
  const { stdout } = await run("ps", ["-o", "rss=", "-p", String(pid)]);
  return Number(stdout.trim());
}

async function bench(n: number, epochs: number): Promise<Record<string, number | string>> {
  const home = await mkdtemp(join(tmpdir(), `rebound-bench-${n}-`));
  process.env.REBOUND_HOME = home; // loadSandbox reads it
  const profile = join(home, "bench.yaml");
  await writeFile(profile, profileYaml(n));
  try {
    const up = JSON.parse(await rebound(["up", profile, "--json", "--timeout", "900"], home)) as { elapsedMs: number };
    const sandbox = (await loadSandbox("bench-a"))!;
    const engine = new DockerodeEngine(sandbox.endpoint);
    const containers = (await engine.listContainers({ profile: "bench" })).filter((c) => c.running && c.ip);
    const dockerHealthy = await startToDockerHealthyMs(sandbox.endpoint, containers);
    const syncedBy = Date.now() + 90_000;
    let seen = await views(containers);
    while (seen.filter((v) => v.role === "smesher" && v.syncState === "synced").length < n && Date.now() < syncedBy) {
      await sleep(2_000);
      seen = await views(containers);
    }
    const now = Math.max(...seen.map((v) => v.currentLayer));
    const from = now + 1;
    const to = from + epochs * LAYERS_PER_EPOCH - 1;
    const pids = containers.map((c) => c.pid);
    const cpuFrom = { at: Date.now(), ...(await cpuTicks(pids)) };
    await sleep((to + 2 - now) * 1_000); // layers are 1 s: past the window's last vote deadline, without polling
    const cpuTo = { at: Date.now(), ...(await cpuTicks(pids)) };
    const cores = (key: "busy" | "standins" | "docker") => (cpuTo[key] - cpuFrom[key]) / 100 / ((cpuTo.at - cpuFrom.at) / 1000);
    const load = loadavg()[0]!;
    const smeshers = (await views(containers)).filter((v) => v.role === "smesher");
    // On time: Hare confirmed the layer, i.e. more than half the epoch's weight voted before the vote deadline.
    const shares = smeshers.map((s) => s.hare.filter((h) => h.layer >= from && h.layer <= to && h.outcome === "confirmed" && h.via === "votes").length / (to - from + 1));
    const rss = await Promise.all(containers.map((c) => rssKb(c.pid)));
    const serving = await Promise.all(containers.map((c) => startToServingMs(sandbox.endpoint, c)));
    return {
      n,
      upSeconds: Math.round(up.elapsedMs / 100) / 10,
      synced: smeshers.filter((s) => s.syncState === "synced").length,
      layers: `${from}-${to}`,
      confirmedShareMean: Math.round((shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length)) * 1000) / 1000,
      confirmedShareMin: Math.round(Math.min(...shares) * 1000) / 1000,
      verifiedLagMax: Math.max(...smeshers.map((s) => s.tortoise.lag)),
      lateVotes: smeshers.reduce((a, s) => a + s.lateVotes, 0),
      requestErrors: smeshers.reduce((a, s) => a + s.requestErrors, 0),
      rssMedianMiB: Math.round(median(rss) / 102.4) / 10,
      rssMaxMiB: Math.round(Math.max(...rss) / 102.4) / 10,
      startToServingMedianMs: median(serving),
      startToServingMaxMs: Math.max(...serving),
      startToDockerHealthyMedianMs: median(dockerHealthy),
      startToDockerHealthyMaxMs: Math.max(...dockerHealthy),
      load1m: Math.round(load * 10) / 10,
      // Every container talks to every other: about (n+2)^2 ARP entries, in one table shared by all namespaces.
      arpEntriesNeeded: (n + 2) * (n + 1),
      gcThresh3: Number((await readFile("/proc/sys/net/ipv4/neigh/default/gc_thresh3", "utf8")).trim()),
      // Cores busy during the window: all, the stand-ins, the Docker daemons; the rest is mostly HEALTHCHECK execs.
      coresBusy: Math.round(cores("busy") * 100) / 100,
      coresStandins: Math.round(cores("standins") * 100) / 100,
      coresDocker: Math.round(cores("docker") * 100) / 100,
    };
  } finally {
    await rebound(["down", profile, "--volumes"], home).catch((e: Error) => console.error(`down: ${e.message}`));
    await rebound(["engine", "down"], home).catch((e: Error) => console.error(`engine down: ${e.message}`));
    await rm(home, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const epochsAt = args.indexOf("--epochs");
const epochs = epochsAt >= 0 ? Number(args.splice(epochsAt, 2)[1]) : 2;
const sizes = args.length > 0 ? args.map(Number) : [10, 25, 50];
const rows = [];
for (const n of sizes) {
  const row = await bench(n, epochs).catch((e: Error) => ({ n, error: e.message.split("\n").filter((l) => /error:/.test(l)).join(" ") || e.message.slice(-300) }));
  console.log(JSON.stringify(row));
  rows.push(row);
}
console.table(rows);
