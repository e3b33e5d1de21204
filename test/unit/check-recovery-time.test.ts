// recovery-time over hand-made timelines: measured from the fault's end to Docker's health event, against the budget.
import { describe, expect, it } from "vitest";
import { recoveryTimeCheck } from "../../src/checks/recovery-time.js";
import { facts, profileWith } from "../support/facts-builder.js";

const budget = (seconds: number) => profileWith("checks:", `  recovery-time: { budgetSeconds: ${seconds} }`);

describe("recovery-time", () => {
  it("passes a container healthy again within the budget, measured from the fault's end", () => {
    const built = facts().member("sm-0").fault("daemon-restart", 10, 20, ["sm-0"]).die(11, "sm-0", 0).start(20.5, "sm-0").healthy(24, "sm-0").status(23, "sm-0").build();
    const v = recoveryTimeCheck(built);
    expect(v.status).toBe("pass");
    expect(v.value).toBe("max 4.0 s (budget 30.0 s)");
    expect(v.evidence[0]).toEqual({ subject: "sm-0", t: 24_000, detail: "daemon-restart: healthy 4.0 s after the fault ended, answering after 3.0 s" });
  });

  it("reports the slowest container and fails it when it is over the budget", () => {
    const built = facts(budget(5))
      .member("sm-0")
      .member("sm-1")
      .fault("kill", 10, 10, ["sm-0", "sm-1"])
      .die(10, "sm-0", 137).die(10, "sm-1", 137)
      .healthy(13, "sm-0").healthy(22, "sm-1")
      .build();
    const v = recoveryTimeCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("max 12.0 s (budget 5.0 s)");
    expect(v.reason).toBe("slowest took 12.0 s, over the budget");
  });

  it("fails a container that never became healthy again", () => {
    const built = facts().member("sm-0").member("sm-1").fault("daemon-restart", 10, 20, ["sm-0", "sm-1"])
      .die(11, "sm-0", 0).die(11, "sm-1", 0).healthy(25, "sm-1").build();
    const v = recoveryTimeCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("1 never recovered");
    expect(v.evidence).toContainEqual({ subject: "sm-0", t: 11_000, detail: "daemon-restart: not healthy again before the run ended", failing: true });
  });

  it("does not take a health event from before the container went down", () => {
    const built = facts().member("sm-0").healthy(3, "sm-0").fault("kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).build();
    expect(recoveryTimeCheck(built).status).toBe("fail");
  });

  it("is n/a without faults, and when no fault took a container down", () => {
    expect(recoveryTimeCheck(facts().member("sm-0").build()).status).toBe("n/a");
    const untouched = facts().member("sm-0").fault("partition", 10, 20, ["sm-0"]).build();
    expect(recoveryTimeCheck(untouched)).toMatchObject({ status: "n/a", reason: "no fault took a container down" });
  });

  // After a daemon crash the restart by policy happens while the daemon restores, before its API serves events.
  it("measures a container whose going down only the reconcile saw", () => {
    const built = facts()
      .member("sm-0")
      .fault("daemon-crash", 10, 15, ["sm-0"])
      .daemon(10, "a", "down")
      .daemon(15, "a", "up")
      .reconcile(15.4, "sm-0", { running: true, started: 15.2, finished: 10.1, exitCode: 0 })
      .healthy(18, "sm-0")
      .build();
    const v = recoveryTimeCheck(built);
    expect(v.status).toBe("pass");
    expect(v.value).toBe("max 3.0 s (budget 30.0 s)");
  });
});
