// restart-policy for members of a swarm fleet: Swarm's restart conditions, judged on the member's slot.
import { describe, expect, it } from "vitest";
import { restartPolicyCheck } from "../../src/checks/restart-policy.js";
import { facts } from "../support/facts-builder.js";

describe("restart-policy on a swarm", () => {
  it("passes condition any when a new task in the slot came back after the node's daemon restarted", () => {
    const built = facts().member("sm-0", { restart: "swarm:any" }).fault("daemon-restart", 10, 20, ["sm-0"]).die(11, "sm-0", 0).start(24, "sm-0").endAt(60).build();
    const v = restartPolicyCheck(built);
    expect(v).toMatchObject({ status: "pass", value: "1/1 container/fault pair(s) as promised; policies: swarm:any" });
    expect(v.evidence[0]!.detail).toBe("daemon-restart: exit 0, swarm:any: a new task came back after 13.0 s, as promised");
  });

  it("fails condition any when the slot stayed down", () => {
    const built = facts().member("sm-0", { restart: "swarm:any" }).fault("daemon-crash", 10, 12, ["sm-0"]).die(10, "sm-0", 137).endAt(60).build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("fail");
    expect(v.evidence[0]).toMatchObject({ failing: true, detail: "daemon-crash: exit 137, swarm:any promises a new task, but it stayed down (Swarm: condition any)" });
  });

  it("holds condition none to its promise, and fails it as a condition that does not bring a task back", () => {
    const built = facts().member("sm-0", { restart: "swarm:none" }).fault("daemon-restart", 10, 20, ["sm-0"]).die(11, "sm-0", 0).endAt(60).build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("fail");
    expect(v.reason).toBe("1 container(s) with a policy the profile does not allow");
    const lines = v.evidence.map((e) => e.detail);
    expect(lines).toContain('policy "swarm:none" is not allowed (swarm:any): after daemon-restart it stayed down, where swarm:any would have brought it back');
    expect(lines).toContain("daemon-restart: exit 0, swarm:none: stayed down, as promised");
  });

  it("leaves on-failure unjudged when nobody saw the exit code", () => {
    const built = facts().member("sm-0", { restart: "swarm:on-failure" }).fault("daemon-restart", 10, 20, ["sm-0"]).reconcile(21, "sm-0", { running: true, started: 21, exitCode: 0 }).endAt(60);
    built.timeline.push({ kind: "docker", t: 11_000, host: "a", container: "sm-0", action: "die", managed: true });
    const v = restartPolicyCheck(built.build());
    expect(v.evidence.some((e) => /not judged, on-failure depends on an exit code nobody saw/.test(e.detail))).toBe(true);
  });
});
