// restart-policy over hand-made timelines: each fault judged when it has settled, against Docker's rules for the
// state the container was in (src/checks/restart-model.ts), with the exit code taken only from what was seen.
import { describe, expect, it } from "vitest";
import { restartPolicyCheck } from "../../src/checks/restart-policy.js";
import type { MatrixCell, MatrixResult } from "../../src/checks/engine-behaviour.js";
import { facts, profileWith, snapshot } from "../support/facts-builder.js";

const allowing = (...policies: string[]) => profileWith("checks:", `  restart-policy: { allowed: [${policies.join(", ")}] }`);

describe("restart-policy, one fault", () => {
  it("passes when an allowed policy brings a killed container back", () => {
    const v = restartPolicyCheck(facts().member("sm-0").fault("kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).start(11, "sm-0").build());
    expect(v.status).toBe("pass");
    expect(v.evidence).toEqual([{ subject: "sm-0", t: 10_000, detail: "kill: exit 137, unless-stopped: came back after 1.0 s, as promised" }]);
  });

  it("is n/a when no fault took a container down, and says so", () => {
    const v = restartPolicyCheck(facts().member("sm-0").fault("daemon-restart", 10, 20, ["sm-0"]).build());
    expect(v).toMatchObject({ status: "n/a", reason: "no fault took a container down" });
  });

  it("fails a policy the profile does not allow and says the run never exercised it", () => {
    const v = restartPolicyCheck(facts().member("sm-0", { restart: "no" }).member("sm-1").build());
    expect(v.status).toBe("fail");
    expect(v.evidence).toEqual([
      { subject: "sm-0", t: undefined, detail: 'policy "no" is not allowed (always, unless-stopped): not exercised, no fault took it down in this run', failing: true },
    ]);
  });

  it("fails a disallowed policy with what it cost: the container stayed down", () => {
    const built = facts().member("sm-0", { restart: "no" }).fault("daemon-restart", 10, 20, ["sm-0"]).die(11, "sm-0", 0).endAt(60).build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("fail");
    // Docker kept its promise for `no`; what fails is the policy, and the evidence says what it cost.
    expect(v.evidence.map((e) => e.detail)).toEqual([
      'policy "no" is not allowed (always, unless-stopped): after daemon-restart it stayed down, where always or unless-stopped would have brought it back',
      "daemon-restart: exit 0, no: stayed down, as promised",
    ]);
  });

  it("does not claim an allowed policy would have helped when Docker's rules say it would not (an API kill)", () => {
    const built = facts().member("sm-0", { restart: "no" }).fault("api-kill", 10, 10, ["sm-0"]).die(10.1, "sm-0", 137).endAt(60).build();
    expect(restartPolicyCheck(built).evidence[0]?.detail).toBe(
      'policy "no" is not allowed (always, unless-stopped): after api-kill it stayed down, where no allowed policy would have brought it back either',
    );
  });

  it("holds on-failure to its promise: after a daemon restart an exit 0 stays down, and that is right", () => {
    const built = facts(allowing("on-failure")).member("sm-0", { restart: "on-failure" }).fault("daemon-restart", 10, 20, ["sm-0"]).die(11, "sm-0", 0).endAt(60).build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("pass");
    expect(v.evidence[0]?.detail).toBe("daemon-restart: exit 0, on-failure: stayed down, as promised");
  });

  it("fails unless-stopped that did not come back after a daemon restart, with the rule it broke", () => {
    const built = facts().member("sm-0").member("sm-1").fault("daemon-restart", 10, 20, ["sm-0", "sm-1"]).die(11, "sm-0", 0).die(11, "sm-1", 0).start(20, "sm-1").build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("fail");
    expect(v.value).toMatch(/^1\/2 container\/fault pair\(s\) as promised; policies: /);
    expect(v.reason).toBe("1 container/fault pair(s) not as Docker's rules promise");
    expect(v.evidence[0]?.subject).toBe("sm-0");
    expect(v.evidence[0]?.detail).toMatch(/^daemon-restart: exit 0, unless-stopped promises a restart, but it stayed down \(Docker: when the daemon starts/);
    expect(v.evidence[0]?.detail).toContain("run `rebound matrix`");
  });

  it("knows an API kill counts as stopped by the user: staying down is right, coming back is not", () => {
    const stayed = facts().member("sm-0").fault("api-kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).build();
    expect(restartPolicyCheck(stayed).status).toBe("pass");
    const back = facts().member("sm-0", { restart: "always" }).fault("api-kill", 10, 10, ["sm-0"]).die(10, "sm-0", 137).start(11, "sm-0").build();
    expect(restartPolicyCheck(back).status).toBe("fail");
  });

  it("knows on-failure:N's retry limit", () => {
    const b = facts(allowing("on-failure:2")).member("sm-0", { restart: "on-failure:2" });
    for (const at of [10, 20, 30]) b.fault("kill", at, at, ["sm-0"]).die(at, "sm-0", 137);
    b.start(11, "sm-0").start(21, "sm-0");
    const v = restartPolicyCheck(b.endAt(60).build());
    expect(v.status).toBe("pass");
    expect(v.evidence.map((e) => e.detail)).toEqual([
      "kill: exit 137, on-failure:2: came back after 1.0 s, as promised",
      "kill: exit 137, on-failure:2: came back after 1.0 s, as promised",
      "kill: exit 137, on-failure:2: stayed down, as promised",
    ]);
  });

  it("fails an on-failure:N container that came back beyond its retries", () => {
    const b = facts(allowing("on-failure:1")).member("sm-0", { restart: "on-failure:1" });
    for (const at of [10, 20]) b.fault("kill", at, at, ["sm-0"]).die(at, "sm-0", 137).start(at + 1, "sm-0");
    expect(restartPolicyCheck(b.endAt(60).build()).status).toBe("fail");
  });
});

describe("restart-policy across faults: the state carries over", () => {
  it("always comes back on the daemon start after a user kill; unless-stopped stays down, and both are right", () => {
    const built = facts()
      .member("sm-0", { restart: "always" })
      .member("sm-1")
      .fault("api-kill", 10, 10, ["sm-0", "sm-1"])
      .die(10, "sm-0", 137)
      .die(10, "sm-1", 137)
      .fault("daemon-restart", 20, 25, ["sm-0", "sm-1"])
      .daemon(20, "a", "down")
      .daemon(25, "a", "up")
      .reconcile(25.5, "sm-0", { running: true, started: 25.2, finished: 10, exitCode: 0 })
      .reconcile(25.5, "sm-1", { running: false, started: 1, finished: 10, exitCode: 137 })
      .endAt(60)
      .build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("pass");
    // The daemon restart found both already down: only the API kill is judged for each.
    expect(v.evidence.map((e) => `${e.subject} ${e.detail}`)).toEqual([
      "sm-0 api-kill: exit 137, always: stayed down, as promised",
      "sm-1 api-kill: exit 137, unless-stopped: stayed down, as promised",
    ]);
  });
});

describe("restart-policy when the exit code was not seen", () => {
  // A crash closes the event stream: the die is never streamed, and Docker resets ExitCode when it restarts the
  // container, so the reconcile after the daemon's return shows it running with exit 0.
  const crashed = (restart: string, lastExit?: { kind: "clean" | "killed" | "first"; code?: number }) =>
    facts(allowing(restart))
      .member("sm-0", { restart })
      .status(5, "sm-0")
      .fault("daemon-crash", 10, 14, ["sm-0"])
      .daemon(10, "a", "down")
      .daemon(14, "a", "up")
      .reconcile(14.5, "sm-0", { running: true, started: 14.2, finished: 14.1, exitCode: 0 })
      .status(15, "sm-0", snapshot(lastExit ? { starts: 2, lastExit } : { starts: 2 }))
      .endAt(60)
      .build();

  it("takes the exit from the stand-in's own record: killed, so on-failure coming back is right", () => {
    const v = restartPolicyCheck(crashed("on-failure", { kind: "killed" }));
    expect(v.status).toBe("pass");
    expect(v.evidence[0]?.detail).toBe("daemon-crash: killed (the stand-in's record of its last run), on-failure: came back after 0.1 s, as promised");
  });

  it("fails on-failure coming back after a clean exit 0, by the stand-in's record", () => {
    expect(restartPolicyCheck(crashed("on-failure", { kind: "clean", code: 0 })).status).toBe("fail");
  });

  it("does not guess: with no record at all the pair is not judged, and the check is n/a", () => {
    const v = restartPolicyCheck(crashed("on-failure"));
    expect(v.status).toBe("n/a");
    expect(v.reason).toBe("no container's fate could be judged (1 exit(s) unseen)");
    expect(v.evidence[0]?.detail).toContain("not judged, the rules depend on an exit code nobody saw");
  });

  it("reads the record from the new start, not from a poll the dying process answered just after its exit", () => {
    const built = facts(allowing("on-failure"))
      .member("sm-0", { restart: "on-failure" })
      .status(5, "sm-0", snapshot({ starts: 1, lastExit: { kind: "first" } }))
      .fault("daemon-crash", 10, 14, ["sm-0"])
      .daemon(10, "a", "down")
      .daemon(14, "a", "up")
      .reconcile(14.5, "sm-0", { running: true, started: 14.2, finished: 14.1, exitCode: 0 })
      // Stamped after FinishedAt, answered by the old process: its record is of the run before.
      .status(14.15, "sm-0", snapshot({ starts: 1, lastExit: { kind: "first" } }))
      .status(15, "sm-0", snapshot({ starts: 2, lastExit: { kind: "killed" } }))
      .endAt(60)
      .build();
    const v = restartPolicyCheck(built);
    expect(v.status).toBe("pass");
    expect(v.evidence[0]?.detail).toContain("killed (the stand-in's record of its last run), on-failure: came back");
  });

  it("needs no exit code where the policy does not depend on it", () => {
    expect(restartPolicyCheck(crashed("unless-stopped")).status).toBe("pass");
  });
});

describe("restart-policy and the engine's measured behaviour", () => {
  const cell = (policy: string, running: boolean): MatrixCell => ({
    policy,
    sigterm: "exits",
    fault: "daemon-crash",
    liveRestore: false,
    observed: { running, restartCount: 0, starts: running ? 2 : 1 },
    documented: { running: true, rules: ["crash-orphans"] },
    agrees: running,
  });
  const matrix: MatrixResult = {
    engine: { version: "20.10.24", apiVersion: "1.41" },
    measuredAt: "2026-12-02T00:00:00Z",
    durationMs: 1,
    cells: [cell("unless-stopped", false), cell("always", true)],
  };

  it("fails unless-stopped left down after a crash, cites the matrix and names the policy that comes back", () => {
    const built = facts()
      .member("sm-0")
      .fault("daemon-crash", 10, 14, ["sm-0"])
      .reconcile(14.5, "sm-0", { running: false, started: 1, finished: 14.1, exitCode: 0 })
      .endAt(60)
      .build();
    const v = restartPolicyCheck({ ...built, engine: { version: "20.10.24", matrix } });
    expect(v.status).toBe("fail");
    expect(v.evidence[0]?.detail).toContain("unless-stopped promises a restart, but it stayed down");
    expect(v.evidence[0]?.detail).toContain("rebound matrix measured dockerd 20.10.24 doing the same (unless-stopped x daemon-crash: down)");
    expect(v.evidence[0]?.detail).toContain("on this engine always comes back");
  });
});

describe("restart-policy with live-restore", () => {
  it("judges nothing when live-restore kept the containers running through a daemon restart", () => {
    const profile = profileWith();
    const live = { ...profile, hosts: { ...profile.hosts, a: { ...profile.hosts.a!, liveRestore: true } } };
    const built = facts(live).member("sm-0").fault("daemon-restart", 10, 20, ["sm-0"]).endAt(60).build();
    expect(restartPolicyCheck(built).status).toBe("n/a");
  });
});
