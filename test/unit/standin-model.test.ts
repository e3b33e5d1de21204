// The stand-ins' message contract: what a smesher and a PoET accept, refuse and answer, as the HTTP routes pass it on.
import { describe, expect, it } from "vitest";
import { makeAtx } from "../../src/standins/model/atx.js";
import { Sim } from "../../src/standins/model/memory-network.js";

async function network() {
  const sim = new Sim({ smeshers: [{ id: "a", units: 30 }, { id: "b", units: 20 }], poets: ["poet-0"] });
  await sim.run(3); // synced at genesis, voting from layer 1
  return sim;
}

describe("smesher messages", () => {
  it("counts a vote with the weight its own view gives the voter, once, and refuses malformed ones", async () => {
    const sim = await network();
    const a = sim.node("a");
    const keyB = sim.node("b").doc.identity.key;
    sim.clock.ms += 100;
    expect(a.handle("/vote", { id: "b", key: keyB, layer: 3, weight: 999 })).toEqual({ status: 200, body: { result: "duplicate" } });
    expect(a.handle("/vote", { id: "zz", key: "k", layer: 3, weight: 5 }).body).toEqual({ result: "inactive" });
    expect(a.handle("/vote", { id: "b", layer: "x" }).status).toBe(422);
    expect(a.handle("/vote", null).status).toBe(422);
    sim.clock.ms += 500; // past the deadline
    expect(a.handle("/vote", { id: "b", key: "other", layer: 3, weight: 20 }).body).toEqual({ result: "late" });
    expect(a.votes.evaluate(3, 50, [1, 2])).toMatchObject({ weight: 50, voters: 2, outcome: "confirmed" });
  });

  it("stores a gossiped ATX once and refuses one whose weight is not units x ticks", async () => {
    const sim = await network();
    const atx = makeAtx("b", "kb", 20, 1, 700, "poet-0");
    expect(sim.node("a").handle("/atx", atx).body).toEqual({ added: true });
    expect(sim.node("a").handle("/atx", atx).body).toEqual({ added: false });
    expect(sim.node("a").handle("/atx", { ...atx, weight: 1 }).status).toBe(422);
  });

  it("serves sync with its state, records from the layer asked, its verified layer and ATXs", async () => {
    const sim = await network();
    const r = sim.node("a").handle("/sync", { id: "b", from: 2, epoch: 0 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ id: "a", state: "synced", verified: 2, start: 1, records: [{ layer: 2, outcome: "confirmed" }] });
    expect(sim.node("a").handle("/sync", { from: "x" }).status).toBe(422);
    expect(sim.node("a").handle("/register", {}).status).toBe(404);
  });
});

describe("PoET messages", () => {
  it("registers for the open round only, and answers proofs by round state", async () => {
    const sim = await network();
    const poet = sim.poets.get("poet-0")!.node!;
    expect(poet.handle("/register", { id: "x", key: "k", round: 1 })).toMatchObject({ status: 200, body: { round: 1, poet: "poet-0" } });
    expect(poet.handle("/register", { id: "x", key: "k", round: 2 })).toMatchObject({ status: 409, body: { open: 1 } });
    expect(poet.handle("/register", { id: "x" }).status).toBe(422);
    expect(poet.handle("/proof", { id: "x", key: "k", round: 1 })).toMatchObject({ status: 425, body: { endLayer: 12 } });
    expect(poet.handle("/proof", { id: "y", key: "k", round: 1 }).status).toBe(404);
    await sim.run(12);
    expect(poet.handle("/proof", { id: "x", key: "k", round: 1 })).toMatchObject({ status: 200, body: { round: 1, ticks: 700 } });
  });
});
