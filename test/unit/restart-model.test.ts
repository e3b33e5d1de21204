// Docker's restart rules, one row per rule and case: the state a policy's promise depends on, step by step.
import { describe, expect, it } from "vitest";
import { applyStep, applySteps, parsePolicy, policyText, RULES, runningContainer, stepsOfEffect, type DockerStep, type RestartState } from "../../src/checks/restart-model.js";
import { FAULT_CATALOG } from "../../src/faults/catalog.js";

const fresh = (policy: string) => runningContainer(parsePolicy(policy));
const after = (policy: string, steps: DockerStep[]) => applySteps(fresh(policy), steps).state;
const exit = (exitCode: number | undefined): DockerStep => ({ step: "process-exit", exitCode });
const restart = (liveRestore = false, ...code: [number | undefined] | []): DockerStep[] => restartWith(liveRestore, code.length ? code[0] : 0);
const restartWith = (liveRestore: boolean, exitCode: number | undefined): DockerStep[] => [
  { step: "daemon-stop", liveRestore, exitCode },
  { step: "daemon-start", liveRestore, exitCode },
];
const crash = (liveRestore = false, ...code: [number | undefined] | []): DockerStep[] => crashWith(liveRestore, code.length ? code[0] : 0);
const crashWith = (liveRestore: boolean, exitCode: number | undefined): DockerStep[] => [
  { step: "daemon-crash", liveRestore },
  { step: "daemon-start", liveRestore, exitCode },
];
const reboot = (liveRestore = false): DockerStep[] => [{ step: "power-loss" }, { step: "daemon-start", liveRestore, exitCode: undefined }];
const apiKill: DockerStep = { step: "api-kill", exitCode: 137 };

describe("restart policies", () => {
  it("parses names and on-failure's retry limit", () => {
    expect(parsePolicy("on-failure:3")).toEqual({ name: "on-failure", maxRetries: 3 });
    expect(parsePolicy("on-failure")).toEqual({ name: "on-failure", maxRetries: 0 });
    expect(parsePolicy("unless-stopped")).toEqual({ name: "unless-stopped", maxRetries: 0 });
    expect(policyText(parsePolicy("on-failure:2"))).toBe("on-failure:2");
  });

  it("cites a source for every rule that decides something", () => {
    for (const [id, rule] of Object.entries(RULES)) if (id !== "not-running") expect(rule.sources.length, id).toBeGreaterThan(0);
  });
});

describe("rule policy-on-exit: the process exits without the API", () => {
  const table: [policy: string, exitCode: number | undefined, running: boolean | undefined][] = [
    ["no", 137, false],
    ["no", 0, false],
    ["always", 0, true],
    ["always", 137, true],
    ["unless-stopped", 0, true],
    ["unless-stopped", 137, true],
    ["on-failure", 137, true],
    ["on-failure", 1, true],
    ["on-failure", 0, false],
    ["on-failure", undefined, undefined],
  ];
  it.each(table)("%s after exit %s: running %s", (policy, code, running) => {
    const { state, rule } = applyStep(fresh(policy), exit(code));
    expect(state.running).toBe(running);
    expect(rule).toBe("policy-on-exit");
  });

  it("on-failure:N restarts N times, then leaves it down", () => {
    const two = after("on-failure:2", [exit(137), exit(137)]);
    expect(two.running).toBe(true);
    expect(two.restarts).toBe(2);
    expect(after("on-failure:2", [exit(137), exit(137), exit(137)]).running).toBe(false);
    expect(after("on-failure", [exit(137), exit(137), exit(137), exit(137)]).running).toBe(true);
  });
});

describe("rule user-stop: a kill or stop through the API", () => {
  it.each(["no", "always", "unless-stopped", "on-failure", "on-failure:2"])("%s stays down after an API kill", (policy) => {
    const { state, rule } = applyStep(fresh(policy), apiKill);
    expect(state).toMatchObject({ running: false, stoppedByUser: true });
    expect(rule).toBe("user-stop");
  });

  it("a user start runs it again and clears the mark and the retries", () => {
    const state = after("on-failure:2", [exit(137), { step: "api-stop", exitCode: 0 }, { step: "api-start" }]);
    expect(state).toMatchObject({ running: true, stoppedByUser: false, restarts: 0 });
  });
});

describe("rules daemon-stop and daemon-start: a graceful daemon restart", () => {
  const table: [policy: string, exitCode: number, running: boolean][] = [
    ["no", 0, false],
    ["no", 137, false],
    ["always", 0, true],
    ["unless-stopped", 0, true],
    ["on-failure", 0, false],
    ["on-failure", 137, true],
  ];
  it.each(table)("%s, stopped with exit %s: running %s after the start", (policy, code, running) => {
    const { state, rules } = applySteps(fresh(policy), restart(false, code));
    expect(state.running).toBe(running);
    expect(rules).toContain("daemon-stop");
  });

  it("always comes back on a daemon start even after a user stop; unless-stopped does not", () => {
    expect(after("always", [apiKill, ...restart()]).running).toBe(true);
    expect(after("unless-stopped", [apiKill, ...restart()]).running).toBe(false);
    expect(after("on-failure", [apiKill, ...restart()]).running).toBe(true);
    expect(after("no", [apiKill, ...restart()]).running).toBe(false);
  });

  it("the daemon start clears always's user-stop mark, so the next exit restarts it", () => {
    const state = after("always", [apiKill, ...restart(), exit(137)]);
    expect(state).toMatchObject({ running: true, stoppedByUser: false });
  });

  it("a daemon start resets on-failure's retries after its decision", () => {
    const exhausted = after("on-failure:1", [exit(137), exit(137)]);
    expect(exhausted.running).toBe(false);
    // Exhausted before the daemon went down: the start's decision still sees the count.
    expect(applySteps(exhausted, [{ step: "daemon-start", liveRestore: false, exitCode: 137 }]).state.running).toBe(false);
    // The count survives the daemon stop (moby keeps RestartCount on disk); the start that follows resets it.
    expect(after("on-failure:1", [exit(137), ...restart(false, 137)]).running).toBe(false);
    expect(after("on-failure:2", [exit(137), ...restart(false, 137)])).toMatchObject({ running: true, restarts: 0 });
  });
});

describe("rule live-restore", () => {
  it.each(["no", "always", "unless-stopped", "on-failure"])("%s keeps running through a restart and a crash", (policy) => {
    const restarted = applySteps(fresh(policy), restart(true));
    expect(restarted.state.running).toBe(true);
    expect(restarted.rules).toEqual(["live-restore"]);
    expect(applySteps(fresh(policy), crash(true)).state.running).toBe(true);
  });

  it("does not keep a container through a power loss", () => {
    expect(after("no", reboot(true)).running).toBe(false);
    expect(after("unless-stopped", reboot(true)).running).toBe(true);
  });
});

describe("rule crash-orphans: the daemon is SIGKILLed without live-restore", () => {
  it("leaves the container running, orphaned, until the daemon starts", () => {
    const { state, rule } = applyStep(fresh("unless-stopped"), { step: "daemon-crash", liveRestore: false });
    expect(state).toMatchObject({ running: true, orphaned: true });
    expect(rule).toBe("crash-orphans");
  });

  const table: [policy: string, exitCode: number | undefined, running: boolean | undefined][] = [
    ["no", 0, false],
    ["always", 0, true],
    ["unless-stopped", 0, true],
    ["unless-stopped", 137, true],
    ["on-failure", 137, true],
    ["on-failure", 0, false],
    ["on-failure", undefined, undefined],
  ];
  it.each(table)("%s, stopped by the start with exit %s: running %s", (policy, code, running) => {
    const state = after(policy, crash(false, code));
    expect(state.running).toBe(running);
    expect(state.orphaned).toBe(false);
  });
});

describe("rule power-loss: a host reboot", () => {
  const table: [policy: string, running: boolean][] = [
    ["no", false],
    ["always", true],
    ["unless-stopped", true],
    ["on-failure", true],
  ];
  it.each(table)("%s: running %s after the daemon starts", (policy, running) => {
    const { state, rules } = applySteps(fresh(policy), reboot());
    expect(state.running).toBe(running);
    expect(state.exitCode).toBe(137);
    expect(rules[0]).toBe("power-loss");
  });

  it("keeps a user stop across the reboot for unless-stopped", () => {
    expect(after("unless-stopped", [apiKill, ...reboot()]).running).toBe(false);
    expect(after("always", [apiKill, ...reboot()]).running).toBe(true);
  });
});

describe("rules containerd-restart, recreate, not-running", () => {
  it("a containerd restart changes nothing", () => {
    const { state, rule } = applyStep(fresh("no"), { step: "containerd-restart" });
    expect(state.running).toBe(true);
    expect(rule).toBe("containerd-restart");
  });

  it("a recreated container starts fresh", () => {
    const stopped: RestartState = { ...fresh("unless-stopped"), running: false, stoppedByUser: true };
    expect(applyStep(stopped, { step: "recreate" }).state).toEqual(fresh("unless-stopped"));
  });

  it("an exit or a kill of a container that is not running changes nothing", () => {
    const stopped: RestartState = { ...fresh("always"), running: false };
    expect(applyStep(stopped, exit(137))).toEqual({ state: stopped, rule: "not-running" });
    expect(applyStep(stopped, apiKill).rule).toBe("not-running");
  });
});

describe("faults of the catalogue as Docker steps", () => {
  it("every effect maps to steps, and a daemon fault always ends with a daemon start", () => {
    for (const [kind, info] of Object.entries(FAULT_CATALOG)) {
      const steps = stepsOfEffect(info.effect, { liveRestore: false, exitCode: 0 });
      if (info.family === "daemon" && info.effect !== "containerd-restart") expect(steps.at(-1)?.step, kind).toBe("daemon-start");
    }
    expect(stepsOfEffect("network", { liveRestore: false, exitCode: undefined })).toEqual([]);
    expect(stepsOfEffect("api-stop", { liveRestore: false, exitCode: 0 }).map((s) => s.step)).toEqual(["api-stop", "api-start"]);
  });
});
