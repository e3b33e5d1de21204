// Every shipped profile behaves as it says, on real Docker (the incident and its fixed twin run in the
// main-job test). Each run removes its experiment; the result file is what the assertions read.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/run/result.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";

const sandbox = isolatedHome("profiles");
beforeAll(requireDockerEngine);
afterAll(async () => {
  await rebound(["engine", "down"], sandbox.env);
  await sandbox.remove();
});

async function run(profile: string): Promise<RunResult> {
  const json = join(sandbox.home, `${profile}.json`);
  const result = await rebound(["run", `profiles/${profile}.yaml`, "--json", json], sandbox.env, 600_000);
  const parsed = JSON.parse(readFileSync(json, "utf8")) as RunResult;
  expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(parsed.outcome === "pass" || parsed.outcome === "reproduced" ? 0 : 1);
  return parsed;
}

const verdict = (result: RunResult, check: string) => result.verdicts.find((v) => v.check === check)!;

describe("shipped profiles", () => {
  it("self-healing: the network stalls while the old weight counts, then recovers and fills the gap", async () => {
    const result = await run("self-healing");
    expect(result.outcome, JSON.stringify(result.verdicts, null, 1)).toBe("reproduced");
    expect(verdict(result, "consensus-liveness").status).toBe("pass");
    expect(verdict(result, "consensus-liveness").reason).toMatch(/caught up/);
  }, 600_000);

  it("separate-infra: an upgrade on one of three hosts does not stop consensus", async () => {
    const result = await run("separate-infra");
    expect(result.outcome, JSON.stringify(result.verdicts, null, 1)).toBe("pass");
    expect(verdict(result, "recovery-time").status).toBe("pass");
  }, 600_000);

  it("poet-outage: the PoET that starts fresh loses its identity, the one that resumes keeps it", async () => {
    const result = await run("poet-outage");
    expect(result.outcome, JSON.stringify(result.verdicts, null, 1)).toBe("reproduced");
    const resume = verdict(result, "resume");
    expect(resume.evidence.some((e) => e.subject === "poet-outage-poet-fresh-0")).toBe(true);
    expect(resume.evidence.some((e) => e.subject === "poet-outage-poet-resume-0")).toBe(false);
  }, 600_000);
});
