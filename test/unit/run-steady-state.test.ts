// The steady state over a scripted source: held for forLayers layers, reset by a lag, never reached on silence.
import { describe, expect, it } from "vitest";
import { ReboundError } from "../../src/errors.js";
import { waitSteady, type SteadySource } from "../../src/run/steady-state.js";
import type { RunClock } from "../../src/timeline/clock.js";
import type { StandinSnapshot } from "../../src/timeline/events.js";
import { profileWith, snapshot } from "../support/facts-builder.js";

// waitSteady looks every pollMs of real time (5 ms here); run time is the source's own, moving one step per look.
const POLL_MS = 5;
const LAYER_MS = 1000;
const CLOCK: RunClock = { runStartWallMs: 0, genesisMs: 0, layerMs: LAYER_MS, layersPerEpoch: 10 };

type Snapshots = Map<string, StandinSnapshot | null>;

/** Look n (from 1) sees `script(n)` at run time n * stepMs: with a step of one layer, look n is at layer n. */
function scripted(script: (look: number) => Snapshots, stepMs = LAYER_MS): SteadySource & { looks(): number } {
  let look = 0;
  return { now: () => look * stepMs, snapshots: () => script(++look), looks: () => look };
}

/** Two smeshers at the given verified layers, a PoET far ahead (it never counts) and a smesher that is down. */
const fleet = (...verified: number[]): Snapshots =>
  new Map<string, StandinSnapshot | null>([
    ...verified.map((v, i): [string, StandinSnapshot] => [`sm-${i}`, snapshot({ verifiedLayer: v })]),
    ["poet-0", snapshot({ role: "poet", verifiedLayer: 1_000 })],
    ["sm-down", null],
  ]);

const steady = (lines: string) => profileWith(`steady: { ${lines} }`);

describe("waitSteady", () => {
  it("reaches the steady state only once the verified layer has held within the lag for forLayers layers", async () => {
    const verifiedAt = [[-1, 0], [1, 1], [2, 2], [3, 3]];
    const source = scripted((look) => fleet(...verifiedAt[look - 1]!));
    const progress: string[] = [];

    const reached = await waitSteady(source, steady("verifiedLag: 1, forLayers: 2"), CLOCK, { pollMs: POLL_MS, onProgress: (text) => progress.push(text) });

    expect(reached).toEqual({ reachedT: 4_000, detail: "verified within 1 of current for 2 layers (layer 4, verified 3, 2 smeshers answering)" });
    expect(source.looks()).toBe(4);
    expect(progress).toEqual([
      "steady state: layer 1, verified -1, 2 smeshers answering",
      "steady state: layer 2, verified 1, 2 smeshers answering, held 0/2 layers",
      "steady state: layer 3, verified 2, 2 smeshers answering, held 1/2 layers",
      "steady state: layer 4, verified 3, 2 smeshers answering, held 2/2 layers",
    ]);
  });

  it("starts the hold again when the lag grows beyond verifiedLag", async () => {
    // Layer 2 lags by 2: without the reset the hold from layer 1 would already count 2 layers at layer 3.
    const verifiedAt = [[0, 0], [0, 5], [2, 2], [3, 3], [4, 4]];
    const source = scripted((look) => fleet(...verifiedAt[look - 1]!));
    const progress: string[] = [];

    const reached = await waitSteady(source, steady("verifiedLag: 1, forLayers: 2"), CLOCK, { pollMs: POLL_MS, onProgress: (text) => progress.push(text) });

    expect(reached.reachedT).toBe(5_000);
    expect(progress.map((line) => line.match(/held (\d)\/2/)?.[1] ?? "-")).toEqual(["0", "-", "0", "1", "2"]);
  });

  it("never counts a fleet without an answering smesher as steady, and gives up at the timeout", async () => {
    const source = scripted(() => fleet(), 250);
    const progress: string[] = [];

    const waiting = waitSteady(source, steady("verifiedLag: 100, forLayers: 1, timeoutSeconds: 1"), CLOCK, { pollMs: POLL_MS, onProgress: (text) => progress.push(text) });

    await expect(waiting).rejects.toMatchObject({ kind: "failed", message: "steady state not reached within 1 s: layer 1, verified -1, 0 smeshers answering" });
    expect(source.looks()).toBe(4);
    expect(progress.some((line) => line.includes("held"))).toBe(false);
  });

  it("fails with a ReboundError that says what it last saw and what to do when the lag never closes", async () => {
    const source = scripted((look) => fleet(look - 3, look - 4), 500);

    const error = await waitSteady(source, steady("verifiedLag: 2, forLayers: 1, timeoutSeconds: 1"), CLOCK, { pollMs: POLL_MS }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ReboundError);
    expect(error).toMatchObject({ kind: "failed", message: "steady state not reached within 1 s: layer 1, verified -2, 2 smeshers answering" });
    expect((error as ReboundError).exitCode).toBe(1);
    expect((error as ReboundError).suggestion).toContain("steady.timeoutSeconds");
  });

  it("stops at once when interrupted", async () => {
    const source = scripted(() => fleet(5, 5));
    const controller = new AbortController();
    controller.abort();

    await expect(waitSteady(source, steady("verifiedLag: 2, forLayers: 1"), CLOCK, { pollMs: POLL_MS, signal: controller.signal })).rejects.toMatchObject({ kind: "interrupted" });
    expect(source.looks()).toBe(0);
  });
});
