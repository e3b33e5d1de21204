// poet-availability over hand-made timelines: some PoET answered in every registration window of the run.
import { describe, expect, it } from "vitest";
import { failingFirst } from "../../src/checks/index.js";
import { poetAvailabilityCheck } from "../../src/checks/poet-availability.js";
import { facts } from "../support/facts-builder.js";

const poetStatus = { role: "poet" as const, syncState: null, phase: "serving" as const };
/** A PoET answering once a second from `from` to `to`, as the observer records it (its layer changes each second). */
const serving = (from: number, to: number) => (b: ReturnType<typeof facts>, name: string) => b.layers(name, from, to, () => -1, poetStatus);

// Registration windows (phaseShift 5, epochs of 10 layers of 1 s): epoch e is open from 10e s to 10e + 5 s.
describe("poet-availability", () => {
  it("passes when a PoET answered in every window", () => {
    const built = serving(1, 40)(facts().member("sm-0").poet("poet-0"), "poet-0").endAt(40).build();
    const v = poetAvailabilityCheck(built);
    expect(v).toMatchObject({ status: "pass", value: "3/3 windows" });
  });

  it("fails a window in which every PoET was down", () => {
    const b = facts().poet("poet-0").poet("poet-1");
    for (const name of ["poet-0", "poet-1"]) serving(1, 17)(b, name).unreachable(18.5, name);
    for (const name of ["poet-0", "poet-1"]) serving(27, 40)(b, name);
    const built = b.endAt(40).build();
    const v = poetAvailabilityCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("2/3 windows");
    expect(v.evidence).toContainEqual({ subject: "epoch 2", t: 20_000, detail: "no PoET answered during the registration window", failing: true });
  });

  it("passes when one PoET of two stayed up", () => {
    const b = facts().poet("poet-0").poet("poet-1");
    serving(1, 17)(b, "poet-0").unreachable(18, "poet-0");
    const built = serving(1, 40)(b, "poet-1").endAt(40).build();
    expect(poetAvailabilityCheck(built).status).toBe("pass");
  });

  it("counts a PoET that came back inside the window", () => {
    const b = serving(1, 17)(facts().poet("poet-0"), "poet-0").unreachable(18, "poet-0");
    const built = serving(23, 40)(b, "poet-0").endAt(40).build();
    expect(poetAvailabilityCheck(built)).toMatchObject({ status: "pass", value: "3/3 windows" });
  });

  it("is n/a without PoETs, or when no window fell inside the run", () => {
    expect(poetAvailabilityCheck(facts().member("sm-0").endAt(40).build()).status).toBe("n/a");
    expect(poetAvailabilityCheck(facts().poet("poet-0").endAt(12).build()).status).toBe("n/a");
  });

  it("does not count an answer from before the window opened", () => {
    // Up until 19.9 s, then silent: no answer inside epoch 2's window (20-25 s), though the last answer said "up".
    const b = serving(1, 19.9)(facts().poet("poet-0"), "poet-0");
    const built = serving(27, 40)(b, "poet-0").endAt(40).build();
    const v = poetAvailabilityCheck(built);
    expect(v.status).toBe("fail");
    // runChecks puts failing evidence first, in every report.
    expect(failingFirst(v).evidence[0]).toMatchObject({ subject: "epoch 2", detail: "no PoET answered during the registration window", failing: true });
  });
});
