// The README's main-job command, run as written, on the default profile.
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isolatedHome, REPO, requireDockerEngine } from "../support/cli.js";
import { listSandboxes } from "../../src/daemon/sandbox-registry.js";

const sandbox = isolatedHome("mainjob");
beforeAll(requireDockerEngine);
afterAll(() => sandbox.remove());

it("npm start brings the default experiment up, shows it running, and cleans up after itself", async () => {
  const result = await execa("npm", ["start", "--silent"], {
    cwd: REPO,
    env: { ...sandbox.env, NO_COLOR: "1", CI: "true", REBOUND_SETTLE_SECONDS: "4" },
    reject: false,
    timeout: 280_000,
  });
  expect(result.exitCode, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/default up \(experiment default-[0-9a-f]{6}\)/);
  const rows = result.stdout.split("\n").filter((line) => line.startsWith("default-"));
  expect(rows).toHaveLength(6);
  for (const row of rows) expect(row).toMatch(/\srunning\s/);
  // Smeshers are past PoST initialisation and see all three peers.
  expect(rows.filter((row) => /\ssynced\s.*\s3\/3$/.test(row))).toHaveLength(4);
  expect(result.stdout).toContain("removed 6 container(s)");
  for (const daemon of await listSandboxes()) expect((await daemon.status()).running).toBe(false);
});
