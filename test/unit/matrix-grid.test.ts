// The matrix's pure side: which cells it measures, what Docker's rules promise in each, how faults share
// phases and batches, agreement, merging, and the deviation wording.
import { describe, expect, it } from "vitest";
import { MATRIX_FAULTS, type MatrixCell } from "../../src/checks/engine-behaviour.js";
import { describeDeviation } from "../../src/matrix/deviation.js";
import { agrees, cellOf, documentedFor, FULL_SELECTION, mergeCells, phasesOf, slotsFor, sortCells, stepsOfFault, subjectsOf } from "../../src/matrix/grid.js";
import { groupOf, matrixProfile } from "../../src/matrix/profile.js";

const doc = (policy: string, fault: (typeof MATRIX_FAULTS)[number], liveRestore = false, sigterm: "exits" | "ignores" = "exits") =>
  documentedFor({ policy, sigterm, fault, liveRestore }).running;

const observed = (running: boolean): MatrixCell["observed"] => ({ running, restartCount: 0, starts: 1 });

describe("the grid", () => {
  it("has 5 policies x 2 SIGTERM behaviours x 8 faults x 2 live-restore values = 160 cells", () => {
    const subjects = subjectsOf(FULL_SELECTION);
    expect(subjects).toHaveLength(10);
    expect(subjects.length * FULL_SELECTION.faults.length * FULL_SELECTION.liveRestore.length).toBe(160);
  });

  it("measures every selected fault exactly once across its phases", () => {
    const phases = phasesOf(MATRIX_FAULTS);
    expect(phases.map((p) => p.kind)).toEqual(["kills", "restart", "daemon", "daemon", "daemon"]);
    expect(phases[0]).toEqual({ kind: "kills", readFirst: true, readRepeated: true });
    expect(phases[1]).toEqual({ kind: "restart", apiKilled: { readKill: true, readRestart: true }, plain: true });
    expect(slotsFor(MATRIX_FAULTS)).toBe(2);
  });

  it("keeps a subset's phases to what it asked for", () => {
    expect(phasesOf(["api-kill"])).toEqual([{ kind: "restart", apiKilled: { readKill: true, readRestart: false }, plain: false }]);
    expect(phasesOf(["repeated-kills"])).toEqual([{ kind: "kills", readFirst: false, readRepeated: true }]);
    expect(phasesOf(["host-reboot"])).toEqual([{ kind: "daemon", fault: "host-reboot" }]);
    expect(slotsFor(["host-kill"])).toBe(1);
  });
});

describe("what Docker's rules promise per cell", () => {
  it("host-kill: every policy but no restarts the process", () => {
    expect(doc("no", "host-kill")).toBe(false);
    for (const p of ["always", "unless-stopped", "on-failure", "on-failure:2"]) expect(doc(p, "host-kill")).toBe(true);
  });

  it("api-kill: a user stop that no policy overrides", () => {
    for (const p of FULL_SELECTION.policies) expect(doc(p, "api-kill")).toBe(false);
  });

  it("api-kill then a daemon restart: always comes back, unless-stopped does not, on-failure by its 137", () => {
    expect(doc("always", "api-kill+daemon-restart")).toBe(true);
    expect(doc("unless-stopped", "api-kill+daemon-restart")).toBe(false);
    expect(doc("no", "api-kill+daemon-restart")).toBe(false);
    expect(doc("on-failure", "api-kill+daemon-restart")).toBe(true);
    expect(stepsOfFault("api-kill+daemon-restart", "exits", false).map((s) => s.step)).toEqual(["api-kill", "daemon-stop", "daemon-start"]);
  });

  it("daemon-restart: on-failure follows how the process took SIGTERM (0 or 137)", () => {
    expect(doc("on-failure", "daemon-restart", false, "exits")).toBe(false);
    expect(doc("on-failure", "daemon-restart", false, "ignores")).toBe(true);
    expect(doc("unless-stopped", "daemon-restart")).toBe(true);
    expect(doc("no", "daemon-restart")).toBe(false);
  });

  it("live-restore keeps every container of a daemon restart or crash running", () => {
    for (const p of FULL_SELECTION.policies) {
      expect(doc(p, "daemon-restart", true)).toBe(true);
      expect(doc(p, "daemon-crash", true)).toBe(true);
    }
    expect(documentedFor({ policy: "no", sigterm: "exits", fault: "daemon-restart", liveRestore: true }).rules).toEqual(["live-restore"]);
  });

  it("host-reboot: killed (137), so on-failure comes back whatever the SIGTERM handling", () => {
    expect(doc("on-failure", "host-reboot", false, "exits")).toBe(true);
    expect(doc("no", "host-reboot", true)).toBe(false);
    expect(doc("unless-stopped", "host-reboot")).toBe(true);
  });

  it("containerd-restart changes nothing", () => {
    for (const p of FULL_SELECTION.policies) expect(doc(p, "containerd-restart")).toBe(true);
  });

  it("repeated kills exhaust on-failure:2 on the third, composed from three process exits", () => {
    expect(stepsOfFault("repeated-kills", "exits", false)).toHaveLength(3);
    expect(doc("on-failure:2", "repeated-kills")).toBe(false);
    expect(doc("on-failure", "repeated-kills")).toBe(true);
    expect(doc("always", "repeated-kills")).toBe(true);
  });
});

describe("agreement and deviations", () => {
  it("agrees when the engine did what the rules say, or when they cannot say", () => {
    expect(agrees(true, { running: true, rules: [] })).toBe(true);
    expect(agrees(false, { running: true, rules: [] })).toBe(false);
    expect(agrees(false, { running: undefined, rules: [] })).toBe(true);
  });

  it("words a deviation with what the engine did and the rule it broke", () => {
    const cell = cellOf({ policy: "unless-stopped", sigterm: "exits", fault: "daemon-crash", liveRestore: false }, { ...observed(false), exitCode: 0 });
    expect(cell.agrees).toBe(false);
    const text = describeDeviation(cell)!;
    expect(text).toContain("daemon-crash, restart unless-stopped");
    expect(text).toContain("left it down (exit 0)");
    expect(text).toContain("Docker's rules say running");
    expect(describeDeviation(cellOf({ policy: "no", sigterm: "exits", fault: "host-kill", liveRestore: false }, observed(false)))).toBeUndefined();
  });
});

describe("ordering and merging", () => {
  const cell = (policy: string, fault: (typeof MATRIX_FAULTS)[number], liveRestore: boolean, running: boolean) =>
    cellOf({ policy, sigterm: "exits", fault, liveRestore }, observed(running));

  it("sorts by live-restore, fault, policy, SIGTERM whatever the measuring order", () => {
    const sorted = sortCells([cell("no", "api-kill", true, false), cell("always", "host-kill", false, true), cell("no", "host-kill", false, false)]);
    expect(sorted.map((c) => `${c.liveRestore}:${c.fault}:${c.policy}`)).toEqual(["false:host-kill:no", "false:host-kill:always", "true:api-kill:no"]);
  });

  it("a subset replaces its own cells and keeps the others", () => {
    const kept = [cell("no", "host-kill", false, false), cell("always", "host-kill", false, false)];
    const merged = mergeCells(kept, [cell("always", "host-kill", false, true)]);
    expect(merged).toHaveLength(2);
    expect(merged.find((c) => c.policy === "always")!.observed.running).toBe(true);
  });
});

describe("the matrix's profile", () => {
  it("is a valid profile with one group per policy and SIGTERM behaviour on each daemon, with short names", () => {
    const subjects = subjectsOf(FULL_SELECTION);
    const profile = matrixProfile(subjects, [false, true], 2);
    expect(Object.keys(profile.hosts)).toEqual(["off", "on"]);
    expect(profile.hosts.on!.liveRestore).toBe(true);
    expect(profile.smeshers).toHaveLength(20);
    expect(profile.smeshers.every((g) => g.count === 2 && g.state === "container")).toBe(true);
    expect(groupOf({ policy: "on-failure:2", sigterm: "ignores" }, false)).toBe("onfail2-ign-off");
    expect(new Set(profile.smeshers.map((g) => g.group)).size).toBe(20);
  });
});
