// rebound run on three-node swarms of sandbox daemons: the incident and its fixed twin with their predicted
// verdicts, and a stateful smesher that Swarm moved to another node caught by resume. Each run removes its swarm.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/run/result.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";

const sandbox = isolatedHome("swarm-run");
beforeAll(requireDockerEngine);
afterAll(async () => {
  await rebound(["engine", "down"], sandbox.env);
  await sandbox.remove();
}, 300_000);

async function run(profilePath: string, name: string): Promise<RunResult> {
  const json = join(sandbox.home, `${name}.json`);
  const result = await rebound(["run", profilePath, "--json", json], sandbox.env, 900_000);
  const parsed = JSON.parse(readFileSync(json, "utf8")) as RunResult;
  console.log(`${name}: ${parsed.outcome} in ${(parsed.durationMs / 1000).toFixed(1)} s; ${parsed.verdicts.map((v) => `${v.check} ${v.status} (${v.value})`).join("; ")}`);
  expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(parsed.outcome === "pass" || parsed.outcome === "reproduced" ? 0 : 1);
  // Nothing of the swarm is left: no record, so status has nothing to show.
  expect((await rebound(["status", name], sandbox.env)).exitCode).toBe(2);
  return parsed;
}

const verdict = (result: RunResult, check: string) => result.verdicts.find((v) => v.check === check)!;

describe("rebound run on a swarm", () => {
  it("swarm-118: both operator nodes upgraded, condition none: the halt is reproduced as predicted", async () => {
    const result = await run("profiles/swarm-118.yaml", "swarm-118");
    expect(result.outcome, JSON.stringify(result.verdicts, null, 1)).toBe("reproduced");
    expect(verdict(result, "restart-policy").evidence.some((e) => /swarm:none: stayed down, as promised/.test(e.detail))).toBe(true);
    expect(verdict(result, "restart-policy").evidence.some((e) => /policy "swarm:none" is not allowed \(swarm:any\)/.test(e.detail))).toBe(true);
  }, 900_000);

  it("swarm-118-fixed: the same upgrades with condition any, pinned state and self-healing: every check passes", async () => {
    const result = await run("profiles/swarm-118-fixed.yaml", "swarm-118-fixed");
    expect(result.outcome, JSON.stringify(result.verdicts, null, 1)).toBe("pass");
    // Both upgrades took down the members of op-a (two smeshers, a PoET) and op-b (a smesher): four new tasks.
    expect(verdict(result, "restart-policy").evidence.filter((e) => /a new task came back/.test(e.detail))).toHaveLength(4);
    expect(verdict(result, "resume").status).toBe("pass");
  }, 900_000);

  it("a stateful smesher Swarm moved to another node starts as a new identity, and resume says so; a drained node's pinned task waits for it", async () => {
    const result = await run("test/fixtures/swarm/roaming.yaml", "roaming");
    expect(result.outcome, JSON.stringify(result.verdicts, null, 1)).toBe("reproduced");
    const resume = verdict(result, "resume");
    expect(resume.evidence.filter((e) => e.failing).map((e) => `${e.subject}: ${e.detail}`)).toContainEqual("roaming-roam-0: identity key changed (identity lost)");
    // Its new task started on another node than the one its volume is on.
    const upgrade = result.faults.find((f) => f.kind === "unattended-upgrade")!;
    const startedOn = result.timeline.flatMap((e) => (e.kind === "docker" && e.container === "roaming-roam-0" && e.action === "start" && e.t > upgrade.beginT ? [e.host] : []));
    expect(startedOn.length).toBeGreaterThan(0);
    expect(startedOn[0]).not.toBe("w1");
    // The drained node's pinned PoET went down with the drain and came back once the node was active again.
    const drain = result.faults.find((f) => f.kind === "node-drain")!;
    const poet = result.timeline.filter((e) => e.kind === "docker" && e.container === "roaming-poet-0" && e.t >= drain.beginT);
    const died = poet.find((e) => e.kind === "docker" && e.action === "die");
    const started = poet.find((e) => e.kind === "docker" && e.action === "start" && e.t >= drain.endT);
    expect(died, "the PoET's task stopped when its node was drained").toBeDefined();
    expect(started, "the PoET's task started again once its node was active").toBeDefined();
    // How long Swarm took, after the manager node's daemon crashed, to run every task there again.
    const crash = verdict(result, "recovery-time").evidence.filter((e) => /daemon-crash/.test(e.detail));
    console.log(`daemon-crash on the manager node, back: ${crash.map((e) => `${e.subject} ${e.detail}`).join("; ")}`);
  }, 900_000);
});
