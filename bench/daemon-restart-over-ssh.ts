// The same daemon-restart fault on a sandbox host and on an existing engine reached over ssh (the test harness's
// sshd + systemd-like dockerd), three injections each, in one run on this machine. Prints each fault's duration
// (begin to end, from the run's own result) and the ratio of the medians. Needs root and dockerd; run it alone:
//   npm run build && npx tsx bench/daemon-restart-over-ssh.ts
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import type { RunResult } from "../src/run/result.js";
import { startRemoteHost } from "../test/support/remote-host/index.js";

const REPO = join(import.meta.dirname, "..");
const work = mkdtempSync("/tmp/rebound-bench-ssh-");
const env = { ...process.env, REBOUND_HOME: join(work, "home"), NO_COLOR: "1", CI: "true" };

function profile(name: string, host: string): string {
  const path = join(work, `${name}.yaml`);
  writeFileSync(
    path,
    [
      `name: ${name}`,
      "hosts:",
      `  h: ${host}`,
      'network: { layerSeconds: 1, layersPerEpoch: 10, hareThreshold: "1/2" }',
      "smeshers:",
      "  - { group: s, count: 2, units: 10, host: h, restart: unless-stopped, state: volume }",
      "poets:",
      "  - { group: p, count: 1, host: h, restart: unless-stopped, state: volume }",
      "steady: { verifiedLag: 2, forLayers: 3 }",
      "method:",
      "  - { fault: daemon-restart, target: { host: h }, at: { after: 1 }, repeat: { every: 20, count: 3 } }",
      "end: { afterLayers: 5 }",
      "",
    ].join("\n"),
  );
  return path;
}

async function faultSeconds(path: string): Promise<number[]> {
  const json = join(work, `${Date.now()}.json`);
  const run = await execa(join(REPO, "bin/rebound"), ["run", path, "--allow-daemon-faults", "--json", json], { env, reject: false, timeout: 900_000, cwd: REPO });
  if (run.exitCode !== 0 && run.exitCode !== 1) throw new Error(`rebound run ${path} exited ${run.exitCode}: ${run.stderr.trim().split("\n").at(-1)}`);
  const result = JSON.parse(readFileSync(json, "utf8")) as RunResult;
  return result.faults.map((f) => (f.endT - f.beginT) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const remote = await startRemoteHost({ name: "bench", index: 31, dir: join(work, "remote") });
try {
  const sandbox = await faultSeconds(profile("bench-sandbox", "{}"));
  const ssh = await faultSeconds(profile("bench-ssh", `{ endpoint: "${remote.sshUrl}", identityFile: ${remote.identityFile}, knownHosts: ${remote.knownHostsFile} }`));
  const row = (label: string, xs: number[]) => `${label.padEnd(26)} ${xs.map((x) => x.toFixed(2).padStart(6)).join(" ")}   median ${median(xs).toFixed(2)} s`;
  console.log("daemon-restart (downSeconds 0), seconds from the fault's begin to its end");
  console.log(row("sandbox host", sandbox));
  console.log(row("existing engine over ssh", ssh));
  console.log(`ratio ssh / sandbox (medians): ${(median(ssh) / median(sandbox)).toFixed(2)}x`);
} finally {
  await execa(join(REPO, "bin/rebound"), ["engine", "down"], { env, reject: false });
  await remote.stop();
  await rm(work, { recursive: true, force: true });
}
