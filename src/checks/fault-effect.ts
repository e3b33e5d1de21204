// Whether each fault of a run took hold of its targets, from the timeline: a fault nobody can show happened proves
// nothing, so a run with one ends inconclusive rather than pass.
import { faultInfo } from "../faults/catalog.js";
import type { FaultWindow } from "../timeline/facts.js";
import { dockerEvents, seconds, standinEvents, startedIn, wentDown } from "./facts.js";
import type { RunFacts } from "./types.js";

export interface FaultEffect {
  fault: FaultWindow;
  observed: boolean;
  /** What showed it, or what was looked for and not found. */
  detail: string;
}

/** Until the next fault begins (or observation ends): what the fault did shows within that span. */
function spanOf(facts: RunFacts, fault: FaultWindow): [number, number] {
  const next = facts.faults.find((f) => f.beginT > fault.beginT);
  return [fault.beginT, next ? next.beginT - 1 : facts.endT];
}

function unreachableIn(facts: RunFacts, container: string, from: number, to: number): number | undefined {
  return standinEvents(facts, container).find((e) => !e.reachable && e.t >= from && e.t <= to)?.t;
}

function firstHit(fault: FaultWindow, hit: (container: string) => number | undefined): { container: string; t: number } | undefined {
  for (const container of fault.affected) {
    const t = hit(container);
    if (t !== undefined) return { container, t };
  }
  return undefined;
}

export function faultEffect(facts: RunFacts, fault: FaultWindow): FaultEffect {
  const info = faultInfo(fault.kind);
  if (fault.error !== undefined) return { fault, observed: false, detail: `the fault failed: ${fault.error}` };
  if (!info) return { fault, observed: false, detail: `fault kind ${fault.kind} is unknown to this build` };
  if (fault.affected.length === 0) return { fault, observed: false, detail: "it had no target" };
  const [from, to] = spanOf(facts, fault);
  const liveRestore = fault.hosts.length > 0 && fault.hosts.every((h) => facts.hosts.find((x) => x.key === h)?.liveRestore === true);
  const seen = (what: string, hit: { container: string; t: number }) => ({ fault, observed: true, detail: `${hit.container} ${what} ${seconds(hit.t)} into the run` });
  switch (info.observedBy) {
    case "down": {
      const down = firstHit(fault, (c) => wentDown(facts, c, from, to)?.t ?? startedIn(facts, c, from, to) ?? unreachableIn(facts, c, from, to));
      if (down) return seen("went down", down);
      // With live-restore the daemon restarts under running containers: the restart is the effect, and the
      // injector only returns once the daemon was down and answers again.
      if (info.effect === "host-reboot" || !liveRestore) break;
      return { fault, observed: true, detail: `the daemon of ${fault.hosts.join(", ")} restarted under running containers (live-restore)` };
    }
    case "paused": {
      const paused = firstHit(fault, (c) => dockerEvents(facts, c).find((e) => e.action === "pause" && e.t >= from && e.t <= to)?.t ?? unreachableIn(facts, c, from, to));
      if (paused) return seen("was frozen", paused);
      break;
    }
    case "replaced": {
      const replaced = firstHit(fault, (c) => dockerEvents(facts, c).find((e) => (e.action === "destroy" || e.action === "create") && e.t >= from && e.t <= to)?.t);
      if (replaced) return seen("was removed and created again", replaced);
      break;
    }
    case "cut-off": {
      const cut = firstHit(fault, (c) =>
        standinEvents(facts, c).find((e) => e.t >= fault.beginT && e.t <= fault.endT && (!e.reachable || e.status.peersReachable < e.status.peersTotal))?.t,
      );
      if (cut) return seen("lost its peers", cut);
      break;
    }
    case "injected":
      return { fault, observed: true, detail: "the injector confirmed it; nothing else in the timeline shows it" };
  }
  return { fault, observed: false, detail: `no target was seen ${describe(info.observedBy)} between ${seconds(from)} and ${seconds(to)} into the run` };
}

function describe(observation: string): string {
  switch (observation) {
    case "down":
      return "going down (no die event, restart, or unanswered /status)";
    case "paused":
      return "frozen (no pause event, no unanswered /status)";
    case "replaced":
      return "removed and created again";
    default:
      return "losing its peers";
  }
}

export const faultEffects = (facts: RunFacts): FaultEffect[] => facts.faults.map((fault) => faultEffect(facts, fault));
