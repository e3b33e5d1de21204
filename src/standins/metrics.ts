// Prometheus text exposition of the status numbers rebound and any scraper care about.
import type { StandinStatus } from "./status.js";

type Metric = [name: string, type: "counter" | "gauge", help: string, value: (s: StandinStatus) => number];

const METRICS: Metric[] = [
  ["rebound_standin_starts_total", "counter", "Process starts over the life of the data directory.", (s) => s.starts],
  ["rebound_standin_current_layer", "gauge", "Current layer by the network clock.", (s) => s.currentLayer],
  ["rebound_standin_verified_layer", "gauge", "Highest verified layer (-1: none).", (s) => s.verifiedLayer],
  ["rebound_standin_post_inits_total", "counter", "PoST initialisations over the life of the data directory.", (s) => s.postInits],
  ["rebound_standin_peers_reachable", "gauge", "Peers that answered the last round of votes.", (s) => s.peersReachable],
  ["rebound_standin_request_errors_total", "counter", "Failed peer or PoET requests since the process started.", (s) => s.requestErrors],
  ["rebound_standin_poet_registrations", "gauge", "Registrations in the PoET's current round.", (s) => s.rounds.at(-1)?.registrations.length ?? 0],
];

function label(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

export function renderMetrics(s: StandinStatus): string {
  const lines: string[] = [];
  const labels = `{role="${s.role}",id="${label(s.id)}"}`;
  for (const [name, type, help, value] of METRICS) {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name}${labels} ${value(s)}`);
  }
  return lines.join("\n") + "\n";
}
