import { describe, expect, it } from "vitest";
import { selectTargets } from "../../src/faults/targets.js";
import { parseProfile } from "../../src/profile/load.js";
import { targetSchema } from "../../src/profile/schema.js";
import { planTopology } from "../../src/topology/plan.js";

const parsed = parseProfile(
  `name: t
hosts: { a: {}, b: {} }
smeshers:
  - { group: big, count: 2, units: 30, host: a }
  - { group: small, count: 4, units: 10, host: b }
poets:
  - { group: poet, count: 1, host: b }
`,
  "t.yaml",
);
if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
const members = planTopology(parsed.profile, { experimentId: "t-1", genesisMs: 0, subnetPrefix: "10.220", bridgeName: "rbx", imageTag: "img" }).containers;
const names = (target: object, seed = 1) => selectTargets(members, targetSchema.parse(target), seed).map((m) => m.spec.name);

describe("fault targets", () => {
  it("selects by host, role, group, name and label, every filter applying", () => {
    expect(names({ host: "a" })).toEqual(["t-big-0", "t-big-1"]);
    expect(names({ role: "poet" })).toEqual(["t-poet-0"]);
    expect(names({ host: "b", role: "smesher" })).toEqual(["t-small-0", "t-small-1", "t-small-2", "t-small-3"]);
    expect(names({ name: "t-small-2" })).toEqual(["t-small-2"]);
    expect(names({ label: "io.rebound.group=big" })).toEqual(["t-big-0", "t-big-1"]);
    expect(names({ group: "nobody" })).toEqual([]);
  });

  it("takes a share of the containers with the seed, the same seed always picking the same ones", () => {
    const first = names({ role: "smesher", share: "50%" }, 7);
    expect(first).toHaveLength(3);
    expect(names({ role: "smesher", share: "50%" }, 7)).toEqual(first);
    const picks = new Set([1, 2, 3, 4, 5, 6, 8, 9].map((seed) => names({ role: "smesher", share: "50%" }, seed).join(",")));
    expect(picks.size).toBeGreaterThan(1);
  });

  it("takes a share of the weight until it is reached", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const chosen = selectTargets(members, targetSchema.parse({ share: "40%", of: "weight" }), seed);
      const units = chosen.reduce((sum, m) => sum + m.config.units, 0);
      // 40% of 100 units: at least 40, and without the last pick it was below 40.
      expect(units).toBeGreaterThanOrEqual(40);
      expect(units - chosen.at(-1)!.config.units).toBeLessThan(40);
      expect(chosen.every((m) => m.role === "smesher")).toBe(true);
    }
  });
});
