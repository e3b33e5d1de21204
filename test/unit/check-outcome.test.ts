// outcomeOf: a run passes, fails, or, with a predicted failure, reproduces it exactly or not at all.
import { describe, expect, it } from "vitest";
import { outcomeOf } from "../../src/checks/index.js";
import { verdict } from "../support/facts-builder.js";

const pass = { outcome: "pass" as const, failing: [] };
const predict = (...failing: ("consensus-liveness" | "restart-policy" | "poet-availability")[]) => ({ outcome: "reproduced" as const, failing });

describe("outcomeOf", () => {
  it("passes when nothing failed (n/a is not a failure)", () => {
    expect(outcomeOf([verdict("resume", "pass"), verdict("activation", "n/a")], pass)).toEqual({ outcome: "pass", unexpected: [], missing: [] });
  });

  it("fails when a check failed, naming it", () => {
    expect(outcomeOf([verdict("resume", "fail"), verdict("activation", "pass")], pass)).toEqual({ outcome: "fail", unexpected: ["resume"], missing: [] });
  });

  it("reproduces when exactly the predicted checks failed", () => {
    const verdicts = [verdict("restart-policy", "fail"), verdict("consensus-liveness", "fail"), verdict("resume", "pass"), verdict("activation", "n/a")];
    expect(outcomeOf(verdicts, predict("restart-policy", "consensus-liveness"))).toEqual({ outcome: "reproduced", unexpected: [], missing: [] });
  });

  it("does not reproduce when an unpredicted check failed too", () => {
    const verdicts = [verdict("restart-policy", "fail"), verdict("consensus-liveness", "fail"), verdict("containment", "fail")];
    expect(outcomeOf(verdicts, predict("restart-policy", "consensus-liveness"))).toEqual({ outcome: "not-reproduced", unexpected: ["containment"], missing: [] });
  });

  it("does not reproduce when a predicted check passed, or was n/a", () => {
    const verdicts = [verdict("restart-policy", "fail"), verdict("consensus-liveness", "pass"), verdict("poet-availability", "n/a")];
    expect(outcomeOf(verdicts, predict("restart-policy", "consensus-liveness", "poet-availability"))).toEqual({
      outcome: "not-reproduced",
      unexpected: [],
      missing: ["consensus-liveness", "poet-availability"],
    });
  });
});
