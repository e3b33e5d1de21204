// The console report: header, checks table, faults and evidence, plain text in a CI log with NO_COLOR.
import { beforeAll, describe, expect, it, vi } from "vitest";
import type { RunResult } from "../../src/run/result.js";
import { profileWith, REPRODUCING, runResult, sampleFacts, verdicts } from "../support/facts-builder.js";

let format: (result: RunResult) => string;

beforeAll(async () => {
  // paint decides on colour when it is first imported: import it afresh as a CI job with NO_COLOR would.
  vi.stubEnv("NO_COLOR", "1");
  vi.stubEnv("FORCE_COLOR", undefined);
  vi.resetModules();
  format = (await import("../../src/report/console.js")).formatRunConsole;
});

const reproducing = () => profileWith(...REPRODUCING);

describe("console report", () => {
  it("has no escape codes under NO_COLOR", () => {
    const text = format(runResult(sampleFacts(), verdicts(["resume"])));
    expect(text).not.toContain("\x1b");
  });

  it("colours the verdicts when colour is on (so the test above would see escape codes)", async () => {
    vi.stubEnv("NO_COLOR", "");
    vi.stubEnv("FORCE_COLOR", "1");
    vi.resetModules();
    const coloured = (await import("../../src/report/console.js")).formatRunConsole;
    vi.unstubAllEnvs();
    expect(coloured(runResult(sampleFacts(), verdicts(["resume"])))).toContain("\x1b[31mfail\x1b[39m");
  });

  it("starts with the profile, run id, seed, duration and the outcome in words", () => {
    const text = format(runResult(sampleFacts(reproducing()), verdicts(["restart-policy", "consensus-liveness"])));
    expect(text.split("\n")[0]).toBe("t  run 20201001-0600-ab12  seed 42  40.0 s  REPRODUCED (the incident happened as predicted)");
    expect(text).toContain("predicted to fail: restart-policy, consensus-liveness");
  });

  it("names the outcome of passing, failing, unreproduced and interrupted runs", () => {
    const first = (result: RunResult) => format(result).split("\n")[0];
    expect(first(runResult(sampleFacts(), verdicts()))).toMatch(/ PASS \(every check passed\)$/);
    expect(first(runResult(sampleFacts(), verdicts(["resume"])))).toMatch(/ FAIL \(failed: resume\)$/);
    const missed = runResult(sampleFacts(reproducing()), verdicts(["restart-policy"]));
    expect(first(missed)).toMatch(/ NOT REPRODUCED \(predicted to fail but did not: consensus-liveness\)$/);
    expect(first(runResult(sampleFacts(), verdicts(), { outcome: "interrupted" }))).toMatch(/ INTERRUPTED /);
  });

  it("tables the checks with verdict, value and reason", () => {
    const lines = format(runResult(sampleFacts(reproducing()), verdicts(["restart-policy", "consensus-liveness"]))).split("\n");
    expect(lines).toContain("CHECK               VERDICT           VALUE                     REASON");
    expect(lines.find((l) => l.startsWith("consensus-liveness "))).toMatch(/^consensus-liveness +fail \(predicted\) +consensus-liveness value +consensus-liveness is fail$/);
    expect(lines.find((l) => l.startsWith("resume "))).toMatch(/^resume +pass +resume value +resume is pass$/);
  });

  it("lists the faults with their times and what they hit", () => {
    const text = format(runResult(sampleFacts(), verdicts()));
    expect(text).toContain("  f1 unattended-upgrade 10.0 s - 16.0 s, hit host a: sm-0, sm-1, poet-0");
    expect(text).toContain("  f2 kill at 30.0 s, hit host b: sm-2");
  });

  it("shows up to three evidence lines for each failed check", () => {
    const lines = format(runResult(sampleFacts(), verdicts(["resume"]))).split("\n");
    const at = lines.indexOf("resume: resume is fail");
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 5)).toEqual(["  10.0 s  sm-0: evidence 1", "  11.0 s  sm-1: evidence 2", "  12.0 s  sm-2: evidence 3", "  ... 2 more in the JSON report"]);
  });
});
