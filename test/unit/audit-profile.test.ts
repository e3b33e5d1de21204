// A profile audited as a fleet: weight per host from its groups, PoETs per host, its groups as workloads.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/commands/audit.js";
import { parseProfile } from "../../src/profile/load.js";
import { profileSubjects } from "../../src/audit/sources/profile.js";

const repoFile = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;

function subjects(text: string) {
  const parsed = parseProfile(text, "p.yaml");
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return profileSubjects(parsed.profile, "p.yaml");
}

describe("profile as fleet", () => {
  it("sums count x units per host and counts PoETs", () => {
    const fleet = subjects(
      yaml("name: f", "hosts: { a: {}, b: {} }", "smeshers:", "  - { group: g, count: 3, units: 10, host: a }", "  - { group: h, count: 1, units: 5, host: b }", "poets:", "  - { group: p, count: 2, host: b }"),
    ).find((s) => s.kind === "fleet")!;
    expect(fleet.kind === "fleet" && fleet.fleet.hosts).toEqual([
      { key: "a", weight: 30, poets: 0, groups: ["g 3 x 10"] },
      { key: "b", weight: 5, poets: 2, groups: ["h 1 x 5"] },
    ]);
  });

  it("audits the shipped default profile: host a holds 60/100, so losing it stops Hare", async () => {
    const report = await audit({ profile: repoFile("profiles/default.yaml"), env: {} });
    expect(report.findings.map((f) => `${f.object.kind} ${f.object.name}: ${f.rule}`).sort()).toEqual([
      "fleet default: self-healing-off",
      "host a: live-restore-off",
      "host a: weight-concentration-hare",
      "host b: live-restore-off",
      "host b: weight-concentration-third",
    ]);
  });

  it("maps each group's restart, state and SIGTERM handling onto the workload rules", async () => {
    const groups = subjects(
      yaml("name: g", "hosts: { a: {}, b: {}, c: {} }", "network: { selfHealing: true }", "smeshers:", "  - { group: x, units: 1, host: a, restart: no, state: container, ignoreSigterm: true }", "  - { group: y, units: 1, host: b }", "  - { group: z, units: 1, host: c, restart: on-failure:2, state: tmpfs }", "poets:", "  - { group: p, host: a }", "  - { group: q, host: b }"),
    );
    const { runRules } = await import("../../src/audit/run.js");
    const found = runRules(groups).findings.map((f) => `${f.object.name}: ${f.rule}`);
    expect(found).toEqual([
      "smeshers[0] (x): restart-policy-none",
      "smeshers[0] (x): state-in-container-fs",
      "smeshers[0] (x): killed-on-stop",
      "smeshers[2] (z): restart-on-failure-exit-zero",
      "smeshers[2] (z): state-in-tmpfs",
      "a: live-restore-off",
      "b: live-restore-off",
      "c: live-restore-off",
    ]);
    const fix = runRules(groups).findings[0]!.fix.text;
    expect(fix).toBe("set `restart: unless-stopped` on smeshers[0] in p.yaml");
  });

  it("a malformed profile is the loader's input error, with its spot", async () => {
    await expect(audit({ profile: repoFile("test/fixtures/profiles/bad-restart.yaml"), env: {} })).rejects.toMatchObject({ kind: "input", message: expect.stringMatching(/bad-restart\.yaml:\d+:\d+: /) });
  });
});
