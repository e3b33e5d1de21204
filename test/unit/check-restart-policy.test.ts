// restart-policy over hand-made timelines: the allowed set, and each policy's promise after each kind of fault.
import { describe, expect, it } from "vitest";
import { promisedBack, restartPolicyCheck } from "../../src/checks/restart-policy.js";
import { facts, profileWith } from "../support/facts-builder.js";

const allowing = (...policies: string[]) => profileWith("checks:", `  restart-policy: { allowed: [${policies.join(", ")}] }`);

describe("restart-policy", () => {
  it("passes when an allowed policy brings a killed container back", () => {
    const v = restartPolicyCheck(facts().member("sm-0").fault("kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).start(11, "sm-0").build());
    expect(v.status).toBe("pass");
    expect(v.evidence).toEqual([{ subject: "sm-0", t: 10_000, detail: "kill: came back as unless-stopped promises" }]);
  });

  it("fails a policy the profile does not allow, even without a fault", () => {
    const v = restartPolicyCheck(facts().member("sm-0", { restart: "no" }).member("sm-1").build());
    expect(v.status).toBe("fail");
    expect(v.evidence).toHaveLength(1);
    expect(v.evidence[0]).toMatchObject({ subject: "sm-0", detail: expect.stringContaining('policy "no" is not allowed') });
  });

  it("holds on-failure to its promise: after a daemon restart an exit 0 stays down, and that is right", () => {
    const built = facts(allowing("on-failure"))
      .member("sm-0", { restart: "on-failure" })
      .fault("daemon-restart", 10, 20, ["sm-0"])
      .die(11, "sm-0", 0)
      .endAt(60)
      .build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("pass");
    expect(v.evidence[0]?.detail).toBe("daemon-restart: stayed down as on-failure promises");
  });

  it("restarts on-failure:N after a non-zero exit (the retry count does not change the policy's name)", () => {
    const built = facts(allowing("on-failure:3")).member("sm-0", { restart: "on-failure:3" }).fault("kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).start(11, "sm-0").build();
    expect(restartPolicyCheck(built).status).toBe("pass");
  });

  it("accepts that `no` stays down after a host reboot", () => {
    const built = facts(allowing("no")).member("sm-0", { restart: "no" }).fault("host-reboot", 10, 16, ["sm-0"]).die(10, "sm-0", 137).build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("pass");
    expect(v.evidence[0]?.detail).toBe("host-reboot: stayed down as no promises");
  });

  it("fails unless-stopped that did not come back after a daemon restart", () => {
    const built = facts().member("sm-0").member("sm-1").fault("daemon-restart", 10, 20, ["sm-0", "sm-1"])
      .die(11, "sm-0", 0).die(11, "sm-1", 0).start(20, "sm-1").build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toMatch(/^1 problem/);
    expect(v.evidence.find((e) => e.subject === "sm-0")?.detail).toBe(
      "daemon-restart: exit 0, policy unless-stopped promises a restart, but it stayed down",
    );
  });

  it("knows an API kill counts as stopped by the user: staying down is right, coming back is not", () => {
    const stayed = facts().member("sm-0").fault("api-kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).build();
    expect(restartPolicyCheck(stayed).status).toBe("pass");
    const back = facts().member("sm-0", { restart: "always" }).fault("api-kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).start(11, "sm-0").build();
    expect(restartPolicyCheck(back).status).toBe("fail");
  });

  it("ignores a container the fault did not take down (live-restore kept it running)", () => {
    const built = facts().member("sm-0").fault("daemon-restart", 10, 20, ["sm-0"]).build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("pass");
    expect(v.evidence).toEqual([]);
  });

  // The daemon closes its event stream when it stops and keeps no history across a restart: after a crash or a
  // host reboot the die is never streamed, and only the reconcile on the daemon's return shows the container down.
  it("sees a container that went down while its daemon was gone, from the reconcile alone", () => {
    const built = facts()
      .member("sm-0")
      .fault("host-reboot", 10, 16, ["sm-0"])
      .daemon(10, "a", "down")
      .daemon(16, "a", "up")
      .reconcile(16.3, "sm-0", { running: false, started: 1, finished: 10.2, exitCode: 137 })
      .build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("fail");
    expect(v.evidence[0]).toMatchObject({ subject: "sm-0", detail: expect.stringContaining("promises a restart, but it stayed down") });
  });

  it("promisedBack follows moby's restart manager", () => {
    expect(promisedBack("always", "daemon-crash", 0)).toBe(true);
    expect(promisedBack("unless-stopped", "host-reboot", 137)).toBe(true);
    expect(promisedBack("on-failure:5", "kill", 137)).toBe(true);
    expect(promisedBack("on-failure", "daemon-restart", 0)).toBe(false);
    expect(promisedBack("no", "kill", 137)).toBe(false);
    expect(promisedBack("always", "api-kill", 137)).toBe(false);
  });
});
