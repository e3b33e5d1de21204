// Compose files read as docker stack deploy reads them: Swarm's restart condition, bounded attempts, placement.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/commands/audit.js";
import { readComposeProject } from "../../src/audit/compose/read.js";
import { stackPolicy } from "../../src/audit/compose/runtimes.js";
import { formatRestart } from "../../src/audit/workload.js";

const FLEET = fileURLToPath(new URL("../fixtures/audit/stack/node-fleet.yml", import.meta.url));

describe("a compose file read as docker stack deploy reads it", () => {
  it("takes Swarm's condition (default any) and never restart:", async () => {
    const project = await readComposeProject([FLEET], {});
    const policies = Object.fromEntries(project.services.map((s) => [s.name, formatRestart(stackPolicy(s))]));
    expect(policies).toEqual({
      "smesher-ignored": "always",
      "smesher-unpinned": "always",
      "smesher-pinned": "always",
      "poet-bounded": "on-failure:3",
      "poet-windowed": "always",
      "exporter-none": "no",
    });
    // Named volumes carry their driver from the top-level volumes: (local unless named).
    const drivers = project.services.flatMap((s) => s.mounts.filter((m) => m.kind === "named").map((m) => `${m.source}=${m.driver}`));
    expect(drivers).toEqual(["ignored-data=local", "unpinned-data=local", "pinned-data=local", "poet-data=local", "shared=nfs-follows-the-task"]);
  });

  it("reports each Swarm trap on its service, at the keys that cause it", async () => {
    const report = await audit({ stack: [FLEET], env: {} });
    const byService: Record<string, string[]> = {};
    for (const f of report.findings.filter((f) => f.rule.startsWith("stack-") || f.rule.startsWith("restart-"))) (byService[f.object.name] ??= []).push(f.rule);
    expect(byService).toEqual({
      "smesher-ignored": ["stack-restart-ignored"],
      "smesher-unpinned": ["stack-state-unpinned"],
      "poet-bounded": ["restart-on-failure-exit-zero", "stack-restart-attempts-bounded"],
      "exporter-none": ["restart-policy-none"],
    });
    const find = (rule: string) => report.findings.find((f) => f.rule === rule)!;
    expect(find("stack-restart-ignored").evidence).toEqual([`${FLEET}:6:14: restart: no`, "no deploy.restart_policy"]);
    expect(find("stack-state-unpinned").evidence).toEqual([`volume unpinned-data (driver local) at /data (${FLEET}:14:15)`, `constraints that pin no node: node.role == worker (${FLEET}:18:23)`]);
    expect(find("stack-state-unpinned").fix.text).toContain("deploy.placement.constraints: [node.hostname == NODE]");
    expect(find("stack-restart-attempts-bounded").message).toContain("after 3 of them");
    // The stack's own restart condition is the evidence for the shared restart rules.
    expect(find("restart-policy-none").evidence.join(" ")).toContain(`docker stack deploy: deploy.restart_policy.condition: none (${FLEET}:47:36)`);
    expect(find("restart-policy-none").fix.text).toBe(`set \`deploy.restart_policy.condition: any\` on services.exporter-none in ${FLEET} (docker stack deploy ignores restart:)`);
    expect(report.sources).toEqual([`stack ${FLEET}: 6 services`]);
  });

  it("the same file read for compose up gets no stack finding", async () => {
    const report = await audit({ compose: [FLEET], env: {} });
    expect(report.findings.filter((f) => f.rule.startsWith("stack-"))).toEqual([]);
  });

  it("a constraints: that is not a list is an error at its spot", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const dir = mkdtempSync("/tmp/rebound-stack-");
    writeFileSync(`${dir}/bad.yml`, "services:\n  a:\n    image: x\n    deploy:\n      placement:\n        constraints: node.role == worker\n");
    await expect(audit({ stack: [`${dir}/bad.yml`], env: {} })).rejects.toMatchObject({ exitCode: 2, message: expect.stringMatching(/bad\.yml:6:22: services\.a\.deploy\.placement\.constraints: expected a list/) });
  });
});
