import { describe, expect, it } from "vitest";
import { formatNetworkView, networkView } from "../../src/observe/network-view.js";
import type { StandinStatus } from "../../src/standins/status.js";

const smesher = (verified: number, current: number, online: number, last: "confirmed" | "failed") =>
  ({
    role: "smesher",
    verifiedLayer: verified,
    currentLayer: current,
    epochWeight: { epoch: 2, total: 100, activeSet: 4, genesis: false, online, own: 25 },
    hare: [{ layer: current - 1, outcome: last, weight: online, totalWeight: 100, voters: 1, via: "votes" }],
  }) as unknown as StandinStatus;

describe("networkView", () => {
  it("summarises a healthy network from its best-informed smesher", () => {
    const view = networkView([smesher(41, 42, 100, "confirmed"), smesher(40, 42, 100, "confirmed"), { role: "poet" } as StandinStatus]);
    expect(view).toEqual({ smeshersAnswering: 2, onlineWeight: 100, activeWeight: 100, hare: "ok", currentLayer: 42, verifiedLayer: 41, lag: 1 });
    expect(formatNetworkView(view)).toBe("network: online weight 100/100, Hare ok, verified layer 41 (current 42, lag 1), 2 smeshers answering");
  });

  it("shows a halted network: a quarter of the weight online, Hare failing, the verified layer far behind", () => {
    const view = networkView([smesher(13, 44, 25, "failed")]);
    expect(view).toMatchObject({ onlineWeight: 25, activeWeight: 100, hare: "failing", lag: 31 });
  });

  it("says so when no smesher answers", () => {
    expect(networkView([])).toBeUndefined();
    expect(formatNetworkView(undefined)).toBe("network: no smesher answering");
  });
});
