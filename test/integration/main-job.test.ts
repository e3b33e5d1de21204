// The README's main-job command, run as written: the incident and its fixed twin, side by side.
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isolatedHome, REPO, requireDockerEngine } from "../support/cli.js";
import { listSandboxes } from "../../src/daemon/sandbox-registry.js";

const sandbox = isolatedHome("mainjob");
beforeAll(requireDockerEngine);
afterAll(() => sandbox.remove());

it("npm start reproduces the incident, passes the fixed twin, compares them and cleans up", async () => {
  const result = await execa("npm", ["start", "--silent"], {
    cwd: REPO,
    env: { ...sandbox.env, NO_COLOR: "1", CI: "true" },
    reject: false,
    timeout: 900_000,
  });
  expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
  expect(result.stdout).toMatch(/netid-118 +run netid-118-\S+ +seed \d+ .*REPRODUCED/);
  expect(result.stdout).toMatch(/netid-118-fixed +run netid-118-fixed-\S+ +seed \d+ .*PASS/);
  const outcome = result.stdout.split("\n").find((line) => line.startsWith("outcome"));
  expect(outcome).toMatch(/^outcome +REPRODUCED +PASS$/);
  // The fixed twin passes on its fixes, not on nothing: in its column (the last), each of these is judged and passes.
  for (const check of ["restart-policy", "graceful-shutdown", "resume", "recovery-time"]) {
    const table = result.stdout.slice(result.stdout.lastIndexOf("side by side")).split("\n");
    const row = table.find((line) => line.startsWith(`${check} `));
    expect(row?.split(/ {2,}/).at(-1), `${check}:\n${result.stdout}`).toMatch(/^pass /);
  }
  for (const daemon of await listSandboxes()) expect((await daemon.status()).running).toBe(false);
}, 900_000);
