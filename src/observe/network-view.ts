// Pure: the network in one line, from what the reachable smeshers report.
import type { StandinStatus } from "../standins/status.js";

export interface NetworkView {
  smeshersAnswering: number;
  onlineWeight: number;
  activeWeight: number;
  hare: "ok" | "failing" | "unknown";
  currentLayer: number;
  verifiedLayer: number;
  lag: number;
}

export function networkView(statuses: StandinStatus[]): NetworkView | undefined {
  const smeshers = statuses.filter((s) => s.role === "smesher");
  if (smeshers.length === 0) return undefined;
  // The best-informed smesher speaks for the network: the furthest verified, then the furthest current.
  const best = smeshers.reduce((a, b) => (b.verifiedLayer > a.verifiedLayer || (b.verifiedLayer === a.verifiedLayer && b.currentLayer > a.currentLayer) ? b : a));
  const currentLayer = Math.max(...smeshers.map((s) => s.currentLayer));
  const last = best.hare?.at(-1)?.outcome;
  return {
    smeshersAnswering: smeshers.length,
    onlineWeight: Math.max(...smeshers.map((s) => s.epochWeight?.online ?? 0)),
    activeWeight: best.epochWeight?.total ?? 0,
    hare: last === undefined ? "unknown" : last === "failed" ? "failing" : "ok",
    currentLayer,
    verifiedLayer: best.verifiedLayer,
    lag: currentLayer - best.verifiedLayer,
  };
}

export function formatNetworkView(view: NetworkView | undefined): string {
  if (!view) return "network: no smesher answering";
  return (
    `network: online weight ${view.onlineWeight}/${view.activeWeight}, Hare ${view.hare}, ` +
    `verified layer ${view.verifiedLayer} (current ${view.currentLayer}, lag ${view.lag}), ${view.smeshersAnswering} smeshers answering`
  );
}
