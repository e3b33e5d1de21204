// graceful-shutdown over hand-made timelines: a stop, by hand or by the daemon, ends in exit 0, not 137.
import { describe, expect, it } from "vitest";
import { gracefulShutdownCheck } from "../../src/checks/graceful-shutdown.js";
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
    expect(v.evidence).toContainEqual({ subject: "sm-1", t: 20_000, detail: "unattended-upgrade: exit 137 (killed after the stop timeout)" });
  });

  it("fails any other non-zero exit of a docker stop", () => {
    const built = facts().member("sm-0").fault("stop", 10, 12, ["sm-0"]).die(11, "sm-0", 143).build();
    expect(gracefulShutdownCheck(built).status).toBe("fail");
  });

  it("is n/a for faults that are not meant to be graceful (a kill, a host reboot)", () => {
    const built = facts().member("sm-0").fault("kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).fault("host-reboot", 20, 25, ["sm-0"]).die(20, "sm-0", 137).build();
    expect(gracefulShutdownCheck(built).status).toBe("n/a");
  });
});
