// Waits for the profile's steady state: every reachable smesher's verified layer within `verifiedLag` of
// the current layer, held for `forLayers` layers.
import { layerAt, type RunClock } from "../timeline/clock.js";
import { sleep } from "../daemon/process-info.js";
import { ReboundError } from "../errors.js";
import type { StandinSnapshot } from "../timeline/events.js";
import type { Profile } from "../profile/schema.js";
import { throwIfInterrupted } from "../util/interrupt.js";

/** What the steady state reads: the run's clock and the latest snapshot of each stand-in. */
export interface SteadySource {
  now(): number;
  snapshots(): ReadonlyMap<string, StandinSnapshot | null>;
}

export async function waitSteady(
  observer: SteadySource,
  profile: Profile,
  clock: RunClock,
  options: { signal?: AbortSignal; onProgress?: (text: string) => void; pollMs?: number },
): Promise<{ reachedT: number; detail: string }> {
  const { verifiedLag, forLayers, timeoutSeconds } = profile.steady;
  let heldSince: number | undefined;
  const deadline = observer.now() + timeoutSeconds * 1000;
  let last = "";
  while (observer.now() < deadline) {
    throwIfInterrupted(options.signal);
    const smeshers = [...observer.snapshots().values()].filter((s) => s?.role === "smesher");
    const current = layerAt(clock, observer.now());
    const verified = smeshers.length > 0 ? Math.min(...smeshers.map((s) => s!.verifiedLayer)) : -1;
    const ok = smeshers.length > 0 && current - verified <= verifiedLag;
    heldSince = ok ? (heldSince ?? current) : undefined;
    last = `layer ${current}, verified ${verified}, ${smeshers.length} smeshers answering`;
    options.onProgress?.(`steady state: ${last}${heldSince !== undefined ? `, held ${current - heldSince}/${forLayers} layers` : ""}`);
    if (heldSince !== undefined && current - heldSince >= forLayers) {
      return { reachedT: observer.now(), detail: `verified within ${verifiedLag} of current for ${forLayers} layers (${last})` };
    }
    await sleep(options.pollMs ?? 250);
  }
  throw new ReboundError("failed", `steady state not reached within ${timeoutSeconds} s: ${last}`, {
    suggestion: "rebound status shows what each stand-in sees; loosen steady.verifiedLag or raise steady.timeoutSeconds",
  });
}
