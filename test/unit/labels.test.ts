import { describe, expect, it } from "vitest";
import { baseLabels, LABEL, matchesSelector, selectorFilters } from "../../src/docker/labels.js";

describe("label selection", () => {
  const mine = { ...baseLabels("demo", "demo-1"), [LABEL.role]: "smesher" };

  it("always filters on the managed label", () => {
    expect(selectorFilters({})).toEqual(["io.rebound.managed=true"]);
    expect(selectorFilters({ profile: "demo", experiment: "demo-1" })).toEqual([
      "io.rebound.managed=true",
      "io.rebound.profile=demo",
      "io.rebound.experiment=demo-1",
    ]);
  });

  it("matches an object of the profile and experiment", () => {
    expect(matchesSelector(mine, { profile: "demo" })).toBe(true);
    expect(matchesSelector(mine, { profile: "demo", experiment: "demo-1" })).toBe(true);
    expect(matchesSelector(mine, {})).toBe(true);
  });

  it("never matches an object without rebound's labels, whatever the selector", () => {
    expect(matchesSelector({}, {})).toBe(false);
    expect(matchesSelector(null, { profile: "demo" })).toBe(false);
    expect(matchesSelector({ [LABEL.profile]: "demo" }, { profile: "demo" })).toBe(false);
    expect(matchesSelector({ [LABEL.managed]: "false", [LABEL.profile]: "demo" }, { profile: "demo" })).toBe(false);
  });

  it("does not match another profile or experiment", () => {
    expect(matchesSelector(mine, { profile: "other" })).toBe(false);
    expect(matchesSelector(mine, { profile: "demo", experiment: "demo-2" })).toBe(false);
  });
});
