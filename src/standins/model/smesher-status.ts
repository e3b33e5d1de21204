// /status for a smesher: its own view of the network, built from the node's state without changing it.
import type { AtxEpochStatus, SmesherPhase, StandinStatus } from "../status.js";
import { HARE_WINDOW } from "../status.js";
import { baseStatus } from "./base-status.js";
import { epochOf, layerAt } from "./clock.js";
import type { SmesherNode } from "./smesher-node.js";

export function smesherStatus(node: SmesherNode, nowMs: number): StandinStatus {
  const { doc, setup, tortoise, sync, atxs, activation } = node;
  const p = setup.params;
  const base = baseStatus("smesher", p, nowMs, doc, setup.id);
  const currentLayer = layerAt(p.clock, nowMs);
  const epoch = epochOf(currentLayer, p.clock.layersPerEpoch);
  const weight = node.weights.epoch(epoch);
  const phase: SmesherPhase = node.initialising ? "initialising" : sync.state === "synced" ? "synced" : "syncing";
  const byEpoch = new Map<number, AtxEpochStatus>();
  for (const atx of atxs.all()) {
    const e = byEpoch.get(atx.targetEpoch) ?? { targetEpoch: atx.targetEpoch, count: 0, weight: 0 };
    byEpoch.set(atx.targetEpoch, { ...e, count: e.count + 1, weight: e.weight + atx.weight });
  }
  const snap = activation.snap;
  return {
    ...base,
    units: doc.units,
    phase,
    syncState: node.initialising ? "notSynced" : sync.state,
    syncTransitions: sync.transitions,
    postInits: doc.postInits,
    postInitDone: !node.initialising,
    verifiedLayer: tortoise.verified,
    tortoise: { selfHealing: p.selfHealing, startLayer: tortoise.start, stalledAt: tortoise.stalledAt(), lag: currentLayer - tortoise.verified },
    lastLayer: node.durableLastLayer,
    resumedFromLayer: doc.resumedFromLayer,
    hare: tortoise.window(HARE_WINDOW).map((r) => ({
      layer: r.layer,
      outcome: r.outcome,
      weight: r.weight,
      totalWeight: r.total,
      voters: r.voters,
      via: r.via,
    })),
    epochWeight: { ...weight, online: node.onlineWeight, own: node.myWeight(epoch) },
    peersReachable: node.gossip.peersReachable,
    peersTotal: setup.peers.length,
    requestErrors: node.requestErrors,
    lateVotes: node.votes.late,
    atxs: snap.published.map(({ smesher, publishEpoch, targetEpoch, weight: w, poet, units, ticks }) => ({
      smesher,
      publishEpoch,
      targetEpoch,
      weight: w,
      poet,
      units,
      ticks,
    })),
    atxsByEpoch: [...byEpoch.values()],
    poetRegistrations: snap.registrations.map((r) => ({
      epoch: r.round,
      poet: r.poet,
      ok: r.ok,
      layer: r.layer,
      at: new Date(p.clock.genesisMs + r.layer * p.clock.layerMs).toISOString(),
      ...(r.error ? { error: r.error } : {}),
    })),
    poetProofs: snap.proofs.map(({ round, poet, ticks, layer }) => ({ round, poet, ticks, layer })),
    untrustedPoets: snap.untrusted,
  };
}
