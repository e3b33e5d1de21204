// Measures `rebound audit` on 200 live containers on one sandbox daemon: creates them cheaply (a tiny FROM
// scratch image running sleep, mixed restart policies and mounts), times the CLI, and removes all it made.
// Run as root after `npm run build`: npx tsx scripts/bench-audit.ts [COUNT] [RUNS]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";

const COUNT = Number(process.argv[2] ?? 200);
const RUNS = Number(process.argv[3] ?? 5);
const home = mkdtempSync(join(tmpdir(), "rebound-bench-audit-"));
// Before rebound's modules read it: the sandbox daemon lives under this private REBOUND_HOME.
process.env.REBOUND_HOME = home;
const { SandboxDaemon } = await import("../src/daemon/sandbox-daemon.js");
const { mapLimit } = await import("../src/util/map-limit.js");
const { ensureFixtureImage } = await import("../test/fixtures/audit/fixture-image.js");

const daemon = new SandboxDaemon({ name: "bench-audit-a", options: { liveRestore: false, shutdownTimeout: 10 } });
const EP = daemon.endpoint;
const docker = (...args: string[]) => execa("docker", ["-H", EP, ...args], { timeout: 120_000 });
const POLICIES = ["no", "always", "unless-stopped", "on-failure:3"];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function cleanUp(): Promise<void> {
  const ids = (await docker("ps", "-aq", "--filter", "label=rebound.bench=audit").catch(() => ({ stdout: "" }))).stdout.split("\n").filter(Boolean);
  for (let i = 0; i < ids.length; i += 50) await docker("rm", "-f", ...ids.slice(i, i + 50)).catch(() => undefined);
  await docker("volume", "prune", "-f").catch(() => undefined);
  await daemon.stop().catch((error: Error) => console.error(`stopping the sandbox daemon: ${error.message}`));
  rmSync(home, { recursive: true, force: true });
}

try {
  await daemon.start();
  const image = await ensureFixtureImage(EP);
  const created = Date.now();
  await mapLimit([...Array(COUNT).keys()], 8, async (i) => {
    const mount = i % 2 === 0 ? ["-v", `bench-${i}:/data`] : [];
    await docker("run", "-d", "--name", `bench-${i}`, "--network", "none", "--no-healthcheck", "--label", "rebound.bench=audit", "--restart", POLICIES[i % POLICIES.length]!, ...mount, image);
  });
  console.log(`created and started ${COUNT} containers in ${seconds(Date.now() - created)}`);

  const command = ["bin/rebound", "audit", "-H", EP, "--json", "--fail-on", "never"];
  const walls: number[] = [];
  let inside = 0;
  let findings = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = Date.now();
    const result = await execa("node", command, { env: { REBOUND_HOME: home } });
    walls.push(Date.now() - started);
    const report = JSON.parse(result.stdout) as { elapsedMs: number; findings: unknown[]; sources: string[] };
    inside = report.elapsedMs;
    findings = report.findings.length;
    if (run === 0) console.log(report.sources.join("; "));
  }
  walls.sort((a, b) => a - b);
  console.log(`rebound audit -H <sandbox> --json over ${COUNT} containers, ${RUNS} runs: median ${seconds(walls[Math.floor(RUNS / 2)]!)} (min ${seconds(walls[0]!)}, max ${seconds(walls.at(-1)!)}) wall, including node start; last run's audit itself ${seconds(inside)}; ${findings} findings`);
} finally {
  await cleanUp();
}
