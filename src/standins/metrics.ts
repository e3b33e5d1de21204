// Prometheus text exposition of the status numbers rebound and any scraper care about.
import type { StandinStatus } from "./status.js";

type Metric = [name: string, type: "counter" | "gauge", help: string, value: (s: StandinStatus) => number];

const SYNC_LEVEL = { notSynced: 0, gossipSync: 1, synced: 2 } as const;
const count = (s: StandinStatus, outcome: string) => s.hare.filter((h) => h.outcome === outcome).length;

const METRICS: Metric[] = [
  ["rebound_standin_starts_total", "counter", "Process starts over the life of the data directory.", (s) => s.starts],
  ["rebound_standin_current_layer", "gauge", "Current layer by the network clock.", (s) => s.currentLayer],
  ["rebound_standin_verified_layer", "gauge", "Highest verified layer (-1: none).", (s) => s.verifiedLayer],
  ["rebound_standin_verified_lag_layers", "gauge", "Current layer minus verified layer.", (s) => (s.role === "smesher" ? s.tortoise.lag : 0)],
  ["rebound_standin_sync_state", "gauge", "0 notSynced, 1 gossipSync, 2 synced (-1: not a smesher).", (s) => (s.syncState ? SYNC_LEVEL[s.syncState] : -1)],
  ["rebound_standin_post_inits_total", "counter", "PoST initialisations over the life of the data directory.", (s) => s.postInits],
  ["rebound_standin_identity_changes_total", "counter", "Identity keys lost and replaced.", (s) => s.identityChanges],
  ["rebound_standin_epoch_weight", "gauge", "Total weight of the current epoch.", (s) => s.epochWeight.total],
  ["rebound_standin_online_weight", "gauge", "Weight of the in-time votes of the last evaluated layer.", (s) => s.epochWeight.online],
  ["rebound_standin_hare_failed_layers", "gauge", "Failed layers in the status window.", (s) => count(s, "failed")],
  ["rebound_standin_hare_healed_layers", "gauge", "Healed layers in the status window.", (s) => count(s, "healed")],
  ["rebound_standin_atxs_published", "gauge", "Own ATXs in the status window.", (s) => s.atxs.length],
  ["rebound_standin_peers_reachable", "gauge", "Peers that answered the last round of votes.", (s) => s.peersReachable],
  ["rebound_standin_request_errors_total", "counter", "Failed peer or PoET requests since the process started.", (s) => s.requestErrors],
  ["rebound_standin_late_votes_total", "counter", "Votes received after the deadline since the process started.", (s) => s.lateVotes],
  ["rebound_standin_poet_registrations", "gauge", "Registrations in the PoET's newest round.", (s) => s.rounds.at(-1)?.registrations.length ?? 0],
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
