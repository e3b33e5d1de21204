// Container faults on real Docker: a kill from the host by PID lets the restart policy act; the same kill
// through the API marks the container stopped by the user, and Docker leaves it down.
import { afterAll, beforeAll, expect, it } from "vitest";
import { planFor } from "../../src/fleet/plan-for.js";
import { fleetHosts } from "../../src/fleet/sandbox-hosts.js";
import type { FaultEnv } from "../../src/faults/fault-env.js";
import { INJECTORS as FAULTS } from "../../src/faults/injectors.js";
import { readRecord } from "../../src/experiment/record.js";
import { loadProfile } from "../../src/profile/load.js";
import { faultSchema } from "../../src/profile/schema.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";
import { eventually } from "../support/poll.js";
import { writeProfile } from "../support/run-profile.js";

const sandbox = isolatedHome("faults");
const path = writeProfile(sandbox.home, "itfaults", "  []");
let env: FaultEnv;

beforeAll(async () => {
  await requireDockerEngine();
  const up = await rebound(["up", path], sandbox.env);
  expect(up.exitCode, up.stderr).toBe(0);
  const profile = await loadProfile(path);
  const record = (await readRecord("itfaults"))!;
  const hosts = fleetHosts(planFor(profile, record, "unused"), "profiles/default.yaml");
  const tag = (await hosts[0]!.engine.inspectContainer("itfaults-s-0"))!.image;
  const plan = planFor(profile, record, tag);
  env = { hosts: new Map(fleetHosts(plan, "profiles/default.yaml").map((h) => [h.key, h])), members: plan.containers, seed: 1, signal: new AbortController().signal, log: () => {} };
});

afterAll(async () => {
  await rebound(["down", path, "--volumes"], sandbox.env);
  await rebound(["engine", "down"], sandbox.env);
  await sandbox.remove();
});

const engine = () => env.hosts.get("a")!.engine;

it("kill (by PID from the host) is undone by unless-stopped; api-kill is not", async () => {
  const before = (await engine().inspectContainer("itfaults-s-0"))!;
  await (await FAULTS.kill(faultSchema.parse({ fault: "kill", target: { name: "itfaults-s-0" } }), "k1", env)).run();
  const after = await eventually("restarted by its policy", async () => (await engine().inspectContainer("itfaults-s-0"))!, (s) => s.running && s.startedAt !== before.startedAt);
  expect(after.restartCount).toBe(before.restartCount + 1);

  await (await FAULTS["api-kill"](faultSchema.parse({ fault: "api-kill", target: { name: "itfaults-s-1" } }), "k2", env)).run();
  await eventually("api-killed container is down", async () => (await engine().inspectContainer("itfaults-s-1"))!, (s) => !s.running);
  // Give the policy every chance it would have had after a host kill.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  const apiKilled = (await engine().inspectContainer("itfaults-s-1"))!;
  expect(apiKilled.running).toBe(false);
  expect(apiKilled.exitCode).toBe(137);
});

it("a target that selects nothing is an error, never a silent pass", async () => {
  await expect(FAULTS.kill(faultSchema.parse({ fault: "kill", target: { group: "nobody" } }), "k3", env)).rejects.toThrow(/selects no container/);
});

it("pause holds the container for its duration, then unpauses it", async () => {
  const run = (await FAULTS.pause(faultSchema.parse({ fault: "pause", target: { role: "poet" }, duration: 2 }), "p1", env)).run();
  await eventually("paused", async () => (await engine().inspectContainer("itfaults-poet-0"))!, (s) => s.paused, 5_000, 100);
  await run;
  expect((await engine().inspectContainer("itfaults-poet-0"))!.paused).toBe(false);
});
