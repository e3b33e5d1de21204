// Three `up`s started at the same moment (two profiles in one REBOUND_HOME, the same profile name in another)
// get three different subnets and bridges, claimed machine-wide under /run/rebound/claims, and all come up;
// `down --volumes` gives every claim back.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, expect, it } from "vitest";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";

const CLAIMS = "/run/rebound/claims";
const one = isolatedHome("claims1");
const two = isolatedHome("claims2");

const profileText = (name: string) => `# one host, one smesher: the cheapest fleet that needs a subnet and a bridge
name: ${name}
hosts:
  a: {}
network: { postInitLayers: 1 }
smeshers:
  - { group: s, count: 1, units: 10, host: a }
`;

const ups = [
  { home: one, name: "itclaim-a" },
  { home: one, name: "itclaim-b" },
  { home: two, name: "itclaim-a" },
].map((up) => {
  const file = join(up.home.home, `${up.name}.yaml`);
  writeFileSync(file, profileText(up.name));
  return { ...up, file };
});

interface Claim {
  kind: string;
  value: string;
  home: string;
  profile: string;
  pid: number;
}
const claimsOf = (home: string): Claim[] =>
  existsSync(CLAIMS)
    ? readdirSync(CLAIMS)
        .filter((n) => /^(subnet|bridge)-/.test(n) && !/\.(tmp|stale)$/.test(n))
        .map((n) => JSON.parse(readFileSync(join(CLAIMS, n), "utf8")) as Claim)
        .filter((c) => c.home === resolve(home))
    : [];

beforeAll(requireDockerEngine);
afterAll(async () => {
  for (const up of ups) await rebound(["down", up.file, "--volumes"], up.home.env);
  for (const home of [one, two]) await rebound(["engine", "down"], home.env);
  await one.remove();
  await two.remove();
});

it("three ups at once: distinct subnets and bridges, each claimed for its own home and profile, all healthy; down releases the claims", async () => {
  const results = await Promise.all(ups.map((up) => rebound(["up", up.file, "--json"], up.home.env)));
  for (const [i, result] of results.entries()) expect(result.exitCode, `${ups[i]!.name} in ${ups[i]!.home.home}: ${result.stderr}`).toBe(0);

  const records = ups.map((up) => JSON.parse(readFileSync(join(up.home.home, "experiments", `${up.name}.json`), "utf8")) as { subnetPrefix: string; bridgeName: string; sandboxes: string[] });
  expect(new Set(records.map((r) => r.subnetPrefix)).size).toBe(3);
  expect(new Set(records.map((r) => r.bridgeName)).size).toBe(3);
  expect(records.map((r) => r.sandboxes)).toEqual([["itclaim-a.a"], ["itclaim-b.a"], ["itclaim-a.a"]]);

  // Each bridge is up with its own /16, and each record's subnet and bridge are claimed by that home and profile.
  for (const [i, record] of records.entries()) {
    const addr = await execa("ip", ["-o", "-4", "addr", "show", "dev", record.bridgeName]);
    expect(addr.stdout).toContain(`${record.subnetPrefix}.0.1/16`);
    const mine = claimsOf(ups[i]!.home.home).filter((c) => c.profile === ups[i]!.name);
    expect(mine.map((c) => `${c.kind}:${c.value}`).sort()).toEqual([`bridge:${record.bridgeName}`, `subnet:${record.subnetPrefix}`]);
  }
  // Every stand-in answered: `up --json` lists each healthy.
  for (const result of results) expect((JSON.parse(result.stdout) as { healthy: unknown[] }).healthy).toHaveLength(1);

  // down without --volumes keeps the record, so the claims stay: the next up resumes the same subnet.
  const kept = await rebound(["down", ups[0]!.file], ups[0]!.home.env);
  expect(kept.exitCode, kept.stderr).toBe(0);
  expect(claimsOf(one.home).filter((c) => c.profile === "itclaim-a")).toHaveLength(2);

  for (const up of ups) {
    const down = await rebound(["down", up.file, "--volumes"], up.home.env);
    expect(down.exitCode, down.stderr).toBe(0);
  }
  expect(claimsOf(one.home)).toEqual([]);
  expect(claimsOf(two.home)).toEqual([]);
});
