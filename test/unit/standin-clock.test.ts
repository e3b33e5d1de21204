// The network clock and the layer ticker, driven by a fake clock.
import { afterEach, describe, expect, it, vi } from "vitest";
import { epochOf, isFirstLayerOfEpoch, layerAt, layerStartMs, msToNextLayer } from "../../src/standins/model/clock.js";
import type { NetworkClock } from "../../src/standins/config.js";
import { everyLayer, noSlowLayers, type Context } from "../../src/standins/runtime.js";

const clock: NetworkClock = { genesisMs: 1_000_000, layerMs: 1000, layersPerEpoch: 10 };

describe("clock", () => {
  it("computes the layer from wall time alone", () => {
    expect(layerAt(clock, 1_000_000)).toBe(0);
    expect(layerAt(clock, 1_000_999)).toBe(0);
    expect(layerAt(clock, 1_001_000)).toBe(1);
    expect(layerAt(clock, 1_025_500)).toBe(25);
  });

  it("is negative before genesis", () => {
    expect(layerAt(clock, 999_999)).toBe(-1);
    expect(epochOf(-1, 10)).toBe(-1);
  });

  it("groups layers into epochs", () => {
    expect(epochOf(0, 10)).toBe(0);
    expect(epochOf(9, 10)).toBe(0);
    expect(epochOf(10, 10)).toBe(1);
    expect(isFirstLayerOfEpoch(20, 10)).toBe(true);
    expect(isFirstLayerOfEpoch(21, 10)).toBe(false);
    expect(isFirstLayerOfEpoch(-10, 10)).toBe(false);
  });

  it("schedules just past the next boundary", () => {
    expect(layerStartMs(clock, 3)).toBe(1_003_000);
    const wait = msToNextLayer(clock, 1_002_400);
    expect(wait).toBeGreaterThanOrEqual(600);
    expect(layerAt(clock, 1_002_400 + wait)).toBe(3);
  });
});

describe("everyLayer", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("ticks once per layer from the clock, resuming mid-way rather than from zero", () => {
    vi.useFakeTimers();
    vi.setSystemTime(clock.genesisMs + 42_300); // a restart in the middle of layer 42
    const seen: number[] = [];
    const ctx = { config: { clock }, now: Date.now, log: () => {}, slow: noSlowLayers() } as unknown as Context;
    const stop = everyLayer(ctx, (layer) => seen.push(layer));
    vi.advanceTimersByTime(3_000);
    stop();
    vi.advanceTimersByTime(3_000);
    expect(seen).toEqual([42, 43, 44, 45]);
  });

  it("keeps ticking when a layer handler throws", () => {
    vi.useFakeTimers();
    vi.setSystemTime(clock.genesisMs);
    const logged: string[] = [];
    const ctx = { config: { clock }, now: Date.now, log: (e: string) => logged.push(e), slow: noSlowLayers() } as unknown as Context;
    const seen: number[] = [];
    const stop = everyLayer(ctx, (layer) => {
      seen.push(layer);
      if (layer === 0) throw new Error("boom");
    });
    vi.advanceTimersByTime(1_500);
    stop();
    expect(seen).toEqual([0, 1]);
    expect(logged).toEqual(["error"]);
  });

  it("counts a layer whose work ran late by more than a quarter layer, keeping the worst and the latest five", async () => {
    const fast = { genesisMs: Date.now(), layerMs: 100, layersPerEpoch: 10 };
    const logged: string[] = [];
    const ctx = { config: { clock: fast }, now: Date.now, log: (e: string) => logged.push(e), slow: noSlowLayers() } as unknown as Context;
    const busy: number[] = [];
    const stop = everyLayer(ctx, (layer) => {
      if (layer < 1 || busy.length >= 6) return;
      busy.push(layer);
      const until = Date.now() + 40; // the disk holding the layer's work up
      while (Date.now() < until);
    });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    stop();
    expect(busy).toHaveLength(6);
    // A loaded machine can only add slow layers, never take these away.
    expect(ctx.slow.count).toBeGreaterThanOrEqual(6);
    expect(ctx.slow.worstMs).toBeGreaterThanOrEqual(40);
    expect(ctx.slow.recent).toHaveLength(5);
    for (const s of ctx.slow.recent.filter((r) => busy.includes(r.layer))) expect(s.tookMs).toBeGreaterThanOrEqual(40);
    expect(logged.filter((e) => e === "slow-layer")).toHaveLength(ctx.slow.count);
  });
});
