// poet-availability over hand-made timelines: some PoET answered in every registration window of the run.
import { describe, expect, it } from "vitest";
import { poetAvailabilityCheck } from "../../src/checks/poet-availability.js";
import { facts } from "../support/facts-builder.js";

const poetStatus = { role: "poet" as const, syncState: null, phase: "serving" as const };

// Registration windows (phaseShift 5, epochs of 10 layers of 1 s): epoch e is open from 10e s to 10e + 5 s.
describe("poet-availability", () => {
  it("passes when a PoET answered in every window", () => {
    const built = facts().member("sm-0").poet("poet-0").status(1, "poet-0", poetStatus).endAt(40).build();
    const v = poetAvailabilityCheck(built);
    expect(v).toMatchObject({ status: "pass", value: "3/3 windows" });
  });

  it("fails a window in which every PoET was down", () => {
    const built = facts()
      .poet("poet-0")
      .poet("poet-1")
      .status(1, "poet-0", poetStatus)
      .status(1, "poet-1", poetStatus)
      .unreachable(18, "poet-0")
      .unreachable(18.5, "poet-1")
      .status(27, "poet-0", poetStatus)
      .status(27, "poet-1", poetStatus)
      .endAt(40)
      .build();
    const v = poetAvailabilityCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("2/3 windows");
    expect(v.evidence).toContainEqual({ subject: "epoch 2", t: 20_000, detail: "no PoET reachable during the registration window" });
  });

  it("passes when one PoET of two stayed up", () => {
    const built = facts().poet("poet-0").poet("poet-1").status(1, "poet-0", poetStatus).status(1, "poet-1", poetStatus).unreachable(18, "poet-0").endAt(40).build();
    expect(poetAvailabilityCheck(built).status).toBe("pass");
  });

  it("counts a PoET that came back inside the window", () => {
    const built = facts().poet("poet-0").status(1, "poet-0", poetStatus).unreachable(18, "poet-0").status(23, "poet-0", poetStatus).endAt(40).build();
    expect(poetAvailabilityCheck(built)).toMatchObject({ status: "pass", value: "3/3 windows" });
  });

  it("is n/a without PoETs, or when no window fell inside the run", () => {
    expect(poetAvailabilityCheck(facts().member("sm-0").endAt(40).build()).status).toBe("n/a");
    expect(poetAvailabilityCheck(facts().poet("poet-0").endAt(12).build()).status).toBe("n/a");
  });
});
