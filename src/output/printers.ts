// Turns command results into text for people; --json prints the same results as JSON instead.
import { formatNetworkView } from "../observe/network-view.js";
import type { ExperimentStatus } from "../observe/fleet-status.js";
import type { SandboxRow } from "../fleet/sandbox-rows.js";
import type { TeardownResult } from "../run/teardown.js";
import type { UpResult } from "../run/bring-up.js";
import { paint } from "./style.js";
import { renderTable } from "./table.js";

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function formatUp(result: UpResult): string {
  const created = result.containers.filter((c) => c.created).length;
  const slowest = result.healthy.reduce((max, t) => Math.max(max, t.ms), 0);
  return [
    `${paint.bold(result.profile)} up (experiment ${result.experimentId}) in ${seconds(result.elapsedMs)}`,
    `  ${result.containers.length} stand-ins (${created} created, ${result.containers.length - created} already there) on ${result.hosts.length} host(s)`,
    `  image ${result.image.tag}${result.image.built ? " (built)" : " (cached)"}`,
    `  all healthy ${seconds(slowest)} after containers were started`,
    ...result.hosts.map((host) => `  host ${host.key}: ${host.endpoint}`),
  ].join("\n");
}

const stateColour = (state: string) =>
  state === "running" ? paint.green(state) : state === "paused" || state === "restarting" ? paint.yellow(state) : paint.red(state);

export function formatStatus(experiments: ExperimentStatus[]): string {
  if (experiments.length === 0) return "no experiment is up (rebound up PROFILE starts one)";
  return experiments.map(formatExperiment).join("\n\n");
}

function formatExperiment(experiment: ExperimentStatus): string {
  const hosts = experiment.hosts
    .map((host) => `${host.key} ${host.running ? paint.green("up") : paint.red("down")}`)
    .join(", ");
  const header = `${paint.bold(experiment.profile)} (${experiment.experimentId}) hosts: ${hosts}\n${formatNetworkView(experiment.network)}`;
  const rows = experiment.containers.map((c) => [
    c.name,
    c.host,
    stateColour(c.state === "exited" ? `exited(${c.exitCode})` : c.state),
    c.restartPolicy,
    String(c.restartCount),
    c.health,
    c.standin ? String(c.standin.starts) : "-",
    c.standin ? c.standin.phase : "-",
    c.standin ? String(c.standin.currentLayer) : "-",
    c.standin ? String(c.standin.verifiedLayer) : "-",
    c.standin ? `${c.standin.peersReachable}/${c.standin.peersTotal}` : "-",
  ]);
  const table = renderTable(
    ["CONTAINER", "HOST", "STATE", "RESTART", "RESTARTS", "HEALTH", "STARTS", "PHASE", "LAYER", "VERIFIED", "PEERS"],
    rows,
  );
  return `${header}\n${rows.length > 0 ? table : "  no containers"}`;
}

export function formatDown(results: TeardownResult[]): string {
  if (results.length === 0) return "nothing to remove: no experiment is up";
  return results
    .map(
      (r) =>
        `${paint.bold(r.profile)}: removed ${r.containers.length} container(s), ${r.networks} network(s), ` +
        `${r.volumes.length} volume(s); bridge ${r.bridge}`,
    )
    .join("\n");
}

export function formatEngineStatus(rows: SandboxRow[]): string {
  if (rows.length === 0) return "no sandbox daemons";
  return renderTable(
    ["SANDBOX", "PROFILE", "HOST", "STATE", "PID", "LIVE-RESTORE", "ENDPOINT"],
    rows.map((row) => [
      row.name,
      row.profile ?? "-",
      row.host ?? "-",
      row.running ? paint.green("running") : paint.dim("stopped"),
      row.pid ? String(row.pid) : "-",
      row.liveRestore ? "yes" : "no",
      row.endpoint,
    ]),
  );
}
