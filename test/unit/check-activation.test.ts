// activation over hand-made timelines: every smesher online through an epoch published its ATX for the next one.
import { describe, expect, it } from "vitest";
import { activationCheck } from "../../src/checks/activation.js";
import { facts } from "../support/facts-builder.js";

/** ATXs published at layer 8 of each epoch up to `lastPublish`: the target epochs known at time t (s). */
const atxsAt = (t: number, lastPublish = 99) => {
  const targets: number[] = [];
  for (let epoch = 0; epoch * 10 + 8 <= t && epoch <= lastPublish; epoch++) targets.push(epoch + 1);
  return targets;
};

function smesher(b: ReturnType<typeof facts>, name: string, from: number, to: number, lastPublish = 99) {
  b.member(name);
  for (let t = from; t <= to; t++) b.status(t, name, { currentLayer: t, lastLayer: t, atxTargets: atxsAt(t, lastPublish) });
  return b;
}

describe("activation", () => {
  it("passes when every smesher online through an epoch published for the next", () => {
    const built = smesher(smesher(facts(), "sm-0", 0, 40), "sm-1", 0, 40).endAt(40).build();
    const v = activationCheck(built);
    // An ATX in epoch e needs the smesher online from the start of e-1 (its PoET registration): epochs 2 and 3,
    // for two smeshers. Epoch 1 is not judged: nobody was seen before epoch 0 began.
    expect(v).toMatchObject({ status: "pass", value: "4/4 ATXs" });
  });

  it("fails a smesher online through an epoch without its ATX for the next", () => {
    const built = smesher(facts(), "sm-0", 0, 40, 1).endAt(40).build();
    const v = activationCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("0/2 ATXs");
    expect(v.evidence).toEqual([
      { subject: "sm-0", detail: "online through epochs 1-2 but no ATX for epoch 3", failing: true },
      { subject: "sm-0", detail: "online through epochs 2-3 but no ATX for epoch 4", failing: true },
    ]);
  });

  it("does not expect an ATX from a smesher that was down during the epoch or the one before", () => {
    const b = facts();
    // Published up to epoch 2 (ATX for 3), then down in epoch 3: only epoch 2 is judged, and it passes.
    smesher(b, "sm-0", 0, 40, 2);
    b.unreachable(31, "sm-0");
    const v = activationCheck(b.endAt(40).build());
    expect(v).toMatchObject({ status: "pass", value: "1/1 ATXs" });
  });

  it("is n/a when no smesher was online through a whole epoch", () => {
    const built = facts().member("sm-0").status(1, "sm-0").unreachable(5, "sm-0").endAt(40).build();
    expect(activationCheck(built).status).toBe("n/a");
  });

  it("judges a restarted smesher again from the epoch after it was synced again", () => {
    const b = facts().member("sm-0");
    // Up in epochs 0-1, killed at 15 s, back at 17 s but syncing until 22 s (epoch 2), synced from then on.
    for (let t = 0; t <= 14; t++) b.status(t, "sm-0", { currentLayer: t, lastLayer: t, atxTargets: atxsAt(t) });
    b.unreachable(15, "sm-0");
    for (let t = 17; t <= 60; t++) {
      b.status(t, "sm-0", { currentLayer: t, lastLayer: t, syncState: t < 22 ? "gossipSync" : "synced", atxTargets: atxsAt(t, 4) });
    }
    const v = activationCheck(b.endAt(60).build());
    // Synced in epoch 2 (after its start): epoch 3 is not judged, 4 and 5 are; it published in 4 (for 5), not in 5.
    expect(v.status).toBe("fail");
    expect(v.value).toBe("1/2 ATXs");
    expect(v.evidence.map((e) => e.detail)).toEqual(["online through epochs 4-5 but no ATX for epoch 6"]);
  });
});
