// The fault catalogue is the one list of fault kinds: schema, rules, injectors, method, checks and the README
// all agree with it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FAULT_CATALOG, FAULT_KINDS, hitsWholeHost, isJudgedBy, parameter, parametersOf } from "../../src/faults/catalog.js";
import { INJECTORS } from "../../src/faults/injectors.js";
import { checkFaults } from "../../src/profile/fault-rules.js";
import { faultSchema, profileSchema } from "../../src/profile/schema.js";

const profileWith = (fault: Record<string, unknown>) =>
  profileSchema.parse({ name: "demo", hosts: { a: {} }, smeshers: [{ group: "one", host: "a", units: 1 }], method: [fault] });

describe("fault catalogue", () => {
  it("has exactly one injector per kind", () => {
    expect(Object.keys(INJECTORS).sort()).toEqual([...FAULT_KINDS].sort());
  });

  it("is about checks it feeds, and about at least one (or a run of it could never be conclusive)", () => {
    for (const kind of FAULT_KINDS) {
      const info = FAULT_CATALOG[kind];
      expect(info.about.length, kind).toBeGreaterThan(0);
      for (const check of info.about) expect(info.judgedBy, `${kind} is about ${check}`).toContain(check);
    }
  });

  it("is the schema's list of kinds, and the schema refuses any other", () => {
    for (const kind of FAULT_KINDS) expect(faultSchema.safeParse({ fault: kind }).success).toBe(true);
    expect(faultSchema.safeParse({ fault: "meteor" }).success).toBe(false);
  });

  it("gives each fault its own defaults: a stop lasts 5 s, a partition 10 s", () => {
    expect(parameter(faultSchema.parse({ fault: "stop" }), "duration")).toBe(5);
    expect(parameter(faultSchema.parse({ fault: "pause" }), "duration")).toBe(5);
    expect(parameter(faultSchema.parse({ fault: "partition" }), "duration")).toBe(10);
    expect(parameter(faultSchema.parse({ fault: "stop", duration: 2 }), "duration")).toBe(2);
    expect(parameter(faultSchema.parse({ fault: "unattended-upgrade" }), "package")).toBe("docker-ce");
    expect(() => parameter(faultSchema.parse({ fault: "recreate" }), "duration")).toThrow(/takes no parameter duration/);
  });

  it("drives the profile rules: a parameter the catalogue does not give the fault is an error at its key", () => {
    expect(checkFaults(profileWith({ fault: "kill", latencyMs: 5 }))).toEqual([
      { path: ["method", 0, "latencyMs"], at: "key", message: 'kill takes no "latencyMs" (its parameters: signal)' },
    ]);
    expect(checkFaults(profileWith({ fault: "recreate", duration: 5 }))[0]?.message).toBe('recreate takes no "duration" (its parameters: none)');
    for (const kind of FAULT_KINDS) {
      const issues = checkFaults(profileWith({ fault: kind, target: hitsWholeHost(kind) ? { host: "a" } : {} }));
      expect(issues, kind).toEqual([]);
    }
  });

  it("daemon and node faults act on a whole host and need one", () => {
    expect(FAULT_KINDS.filter(hitsWholeHost)).toEqual(["daemon-restart", "daemon-crash", "unattended-upgrade", "host-reboot", "containerd-restart", "node-drain"]);
    expect(checkFaults(profileWith({ fault: "containerd-restart" }))[0]?.message).toBe("containerd-restart needs target.host: the daemon to act on");
  });

  it("says which checks judge which fault", () => {
    expect(FAULT_KINDS.filter((k) => isJudgedBy(k, "restart-policy"))).toEqual([
      "kill",
      "api-kill",
      "daemon-restart",
      "daemon-crash",
      "unattended-upgrade",
      "host-reboot",
      "containerd-restart",
    ]);
    expect(FAULT_KINDS.filter((k) => isJudgedBy(k, "graceful-shutdown"))).toEqual(["stop", "restart", "daemon-restart", "unattended-upgrade"]);
    for (const kind of FAULT_KINDS) expect(isJudgedBy(kind, "recovery-time"), kind).toBe(true);
    expect(isJudgedBy("a-kind-from-another-version", "recovery-time")).toBe(false);
  });

  it("matches the README's fault table, parameter by parameter, with the same defaults", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    for (const kind of FAULT_KINDS) {
      const row = readme.split("\n").find((line) => line.startsWith(`| \`${kind}\` |`));
      expect(row, `README row for ${kind}`).toBeDefined();
      const defaults: Record<string, unknown> = FAULT_CATALOG[kind].parameters;
      for (const name of parametersOf(kind)) {
        const value = defaults[name];
        const shown = typeof value === "boolean" ? `\`${name}\`` : `\`${name}\` (${value})`;
        expect(row, `${kind} ${name}`).toContain(shown);
      }
    }
  });
});
