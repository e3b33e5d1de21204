// The audit's printers: console grouped by object, JSON, JUnit XML, the --fix script; and docs/audit.md
// documents every rule with its severity.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { RULE_IDS, RULES } from "../../src/audit/catalog.js";
import type { AuditReport } from "../../src/commands/audit.js";
import { audit } from "../../src/commands/audit.js";
import { formatAudit } from "../../src/output/audit-console.js";
import { auditFixScript } from "../../src/output/audit-fix.js";
import { auditJson } from "../../src/output/audit-json.js";
import { auditJunit } from "../../src/output/audit-junit.js";

const file = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

async function report(failOn = "error"): Promise<AuditReport> {
  return audit({ compose: [file("test/fixtures/audit/compose/restart-variants.yml")], failOn, env: {} });
}

describe("console", () => {
  it("groups findings by object, worst first, with evidence and fix, and ends with the verdict", async () => {
    const text = formatAudit(await report());
    const lines = text.split("\n");
    const header = lines.findIndex((l) => l.startsWith("service unquoted-no ("));
    expect(lines[header + 1]).toMatch(/^ {2}ERROR {3}restart-policy-none +no restart policy/);
    expect(lines.slice(header).find((l) => l.includes("restart-no-unquoted"))).toMatch(/^ {2}WARNING restart-no-unquoted/);
    expect(lines.slice(header).find((l) => l.includes("INFO"))).toMatch(/no-healthcheck/);
    expect(text).toContain("fix: set `restart: unless-stopped` on services.unquoted-no in");
    expect(lines.at(-1)).toBe("4 error(s), 1 warning(s), 5 info on 5 of 5 object(s) (75 checks); --fail-on error: FAIL");
  });

  it("says so when there is nothing to report", async () => {
    const clean = await audit({ compose: [file("docker-compose.yml")], env: {} });
    expect(formatAudit(clean).split("\n").at(-1)).toBe("no findings: 6 object(s), 90 check(s); --fail-on error: PASS");
  });
});

describe("JSON", () => {
  it("carries summary, findings and every check", async () => {
    const json = JSON.parse(auditJson(await report()));
    expect(json.summary).toMatchObject({ error: 4, warning: 1, info: 5 });
    expect(json.failed).toBe(true);
    expect(json.checks).toHaveLength(75);
    expect(json.checks.filter((c: { passed: boolean }) => !c.passed)).toHaveLength(10);
  });
});

describe("JUnit", () => {
  it("has one testcase per object and rule; failures only at or above --fail-on", async () => {
    const xml = auditJunit(await report("error"));
    expect(xml.match(/<testcase /g)).toHaveLength(75);
    expect(xml).toMatch(/<testsuite name="rebound audit" tests="75" failures="4"/);
    expect(xml.match(/<failure type="error"/g)).toHaveLength(4);
    expect(xml.match(/<system-out>/g)).toHaveLength(6);
    expect(auditJunit(await report("info")).match(/<failure /g)).toHaveLength(10);
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;)/);
  });
});

describe("--fix", () => {
  it("prints a script: commands where there is one, the change by hand otherwise, never run", async () => {
    const script = auditFixScript(await report());
    expect(script.split("\n").slice(0, 3)).toEqual(["#!/bin/sh", "# rebound audit --fix: fixes for 10 finding(s). Review before running; rebound ran nothing.", "set -e"]);
    expect(script).toContain("# by hand: set `restart: unless-stopped` on services.quoted-no in");
    const live = auditFixScript({
      ...(await report()),
      findings: [
        { rule: "restart-policy-none", severity: "error", object: { kind: "container", name: "db" }, message: "m", evidence: ["e"], fix: { text: "t", commands: ["docker update --restart unless-stopped db"] } },
        { rule: "restart-on-failure-exit-zero", severity: "error", object: { kind: "container", name: "db" }, message: "m", evidence: ["e"], fix: { text: "t", commands: ["docker update --restart unless-stopped db"] } },
      ],
    });
    expect(live.match(/^docker update --restart unless-stopped db$/gm)).toHaveLength(1);
    expect(live).toContain("# (same command as above)");
  });
});

describe("docs/audit.md", () => {
  it("documents every rule id with its severity", () => {
    const docs = readFileSync(file("docs/audit.md"), "utf8");
    const rows = new Map([...docs.matchAll(/^\| `([a-z0-9-]+)` \| (info|warning|error) \|/gm)].map((m) => [m[1]!, m[2]!]));
    expect([...rows.keys()].sort()).toEqual([...RULE_IDS].sort());
    for (const id of RULE_IDS) expect(rows.get(id), id).toBe(RULES[id].severity);
  });
});
