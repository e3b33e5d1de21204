// graceful-shutdown over hand-made timelines: a stop, by hand or by the daemon, ends in exit 0, not 137.
import { describe, expect, it } from "vitest";
import { gracefulShutdownCheck } from "../../src/checks/graceful-shutdown.js";
import { runChecks } from "../../src/checks/index.js";
import { facts } from "../support/facts-builder.js";

describe("graceful-shutdown", () => {
  it("passes containers that exited 0 when their daemon stopped", () => {
    const built = facts().member("sm-0").member("sm-1").fault("daemon-restart", 10, 20, ["sm-0", "sm-1"]).die(10.5, "sm-0", 0).die(10.6, "sm-1", 0).build();
    expect(gracefulShutdownCheck(built)).toMatchObject({ status: "pass", value: "2/2 exited 0" });
  });

  it("fails exit 137: killed after the stop timeout", () => {
    const built = facts().member("sm-0").member("sm-1").fault("unattended-upgrade", 10, 25, ["sm-0", "sm-1"]).die(10.5, "sm-0", 0).die(20, "sm-1", 137).build();
    const v = gracefulShutdownCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toBe("1/2 exited 0");
    expect(v.evidence).toContainEqual({ subject: "sm-1", t: 20_000, detail: "unattended-upgrade: exit 137 (killed after the stop timeout)", failing: true });
    // Every report prints the verdicts runChecks returns: the failing line leads, though it happened later.
    const reported = runChecks(built).find((r) => r.check === "graceful-shutdown")!;
    expect(reported.evidence.map((e) => e.subject)).toEqual(["sm-1", "sm-0"]);
  });

  it("fails any other non-zero exit of a docker stop", () => {
    const built = facts().member("sm-0").fault("stop", 10, 12, ["sm-0"]).die(11, "sm-0", 143).build();
    expect(gracefulShutdownCheck(built).status).toBe("fail");
  });

  it("is n/a for faults that are not meant to be graceful (a kill, a host reboot)", () => {
    const built = facts().member("sm-0").fault("kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).fault("host-reboot", 20, 25, ["sm-0"]).die(20, "sm-0", 137).build();
    expect(gracefulShutdownCheck(built).status).toBe("n/a");
  });

  it("reads the stand-in's own record of its exit when the die event was lost with the daemon's event stream", () => {
    const lost = (lastExit: { kind: "clean" | "killed"; code?: number }) =>
      facts()
        .member("sm-0")
        .fault("daemon-restart", 10, 20, ["sm-0"])
        .reconcile(19, "sm-0", { running: true, started: 18.5, finished: 10.4, exitCode: 0 })
        .status(19.5, "sm-0", { lastExit })
        .endAt(30)
        .build();
    expect(gracefulShutdownCheck(lost({ kind: "clean", code: 0 }))).toMatchObject({ status: "pass", value: "1/1 exited 0" });
    const killed = gracefulShutdownCheck(lost({ kind: "killed" }));
    expect(killed.status).toBe("fail");
    expect(killed.evidence[0]).toMatchObject({ subject: "sm-0", failing: true, detail: "daemon-restart: killed (the stand-in's record of its last run) (no die event)" });
  });

  it("does not judge a stop whose exit nobody saw: n/a, not a guess", () => {
    const built = facts().member("sm-0").fault("daemon-restart", 10, 20, ["sm-0"]).reconcile(19, "sm-0", { running: true, started: 18.5, finished: 10.4, exitCode: 0 }).endAt(30).build();
    const v = gracefulShutdownCheck(built);
    expect(v.status).toBe("n/a");
    expect(v.reason).toContain("1 stop(s) with the exit unseen");
  });
});
