// Compose files read statically: restart spellings, deploy.restart_policy per runtime, state, health, errors.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/commands/audit.js";
import { readComposeProject } from "../../src/audit/compose/read.js";
import { runtimesOf } from "../../src/audit/compose/runtimes.js";
import { parseDuration } from "../../src/audit/compose/duration.js";
import { interpolate } from "../../src/audit/compose/interpolate.js";
import { formatRestart } from "../../src/audit/workload.js";

const file = (name: string) => fileURLToPath(new URL(`../fixtures/audit/compose/${name}`, import.meta.url));
const NO_ENV = {};

/** service name -> sorted rule ids found on it. */
async function rulesBy(files: string, env: Record<string, string> = NO_ENV): Promise<Record<string, string[]>> {
  const report = await audit({ compose: [files], env });
  const out: Record<string, string[]> = {};
  for (const f of report.findings) (out[f.object.name] ??= []).push(f.rule);
  for (const key of Object.keys(out)) out[key]!.sort();
  return out;
}

describe("restart: spellings", () => {
  it("reads quoted and unquoted no, on-failure:N and a missing key as compose does", async () => {
    const project = await readComposeProject([file("restart-variants.yml")], NO_ENV);
    const policies = Object.fromEntries(project.services.map((s) => [s.name, formatRestart(runtimesOf(s).composeV2)]));
    expect(policies).toEqual({ "quoted-no": "no", "unquoted-no": "no", "on-failure-3": "on-failure:3", missing: "no", "unless-stopped": "unless-stopped" });
  });

  it("flags each, and only the unquoted no for YAML 1.1 readers", async () => {
    const rules = await rulesBy(file("restart-variants.yml"));
    expect(rules["quoted-no"]).toEqual(["no-healthcheck", "restart-policy-none"]);
    expect(rules["unquoted-no"]).toEqual(["no-healthcheck", "restart-no-unquoted", "restart-policy-none"]);
    expect(rules["on-failure-3"]).toEqual(["no-healthcheck", "restart-on-failure-exit-zero"]);
    expect(rules.missing).toEqual(["no-healthcheck", "restart-policy-none"]);
    expect(rules["unless-stopped"]).toEqual(["no-healthcheck"]);
  });

  it("reads a %YAML 1.1 document's unquoted no (the boolean false) as the policy no", async () => {
    const [service] = (await readComposeProject([file("yaml11.yml")], NO_ENV)).services;
    expect(service!.restart).toMatchObject({ text: "no", unquotedBoolean: true });
  });

  it("points at the file and line of the key", async () => {
    const report = await audit({ compose: [file("restart-variants.yml")], env: NO_ENV });
    const unquoted = report.findings.find((f) => f.rule === "restart-no-unquoted")!;
    expect(unquoted.object).toMatchObject({ kind: "service", name: "unquoted-no", file: file("restart-variants.yml"), line: 7 });
    expect(unquoted.evidence[0]).toBe(`${file("restart-variants.yml")}:9:14: restart: no`);
    expect(unquoted.fix.text).toContain('restart: "no"');
  });
});

describe("deploy.restart_policy, per runtime", () => {
  it("compose v2 lets deploy win (any -> always, no condition -> no); 1.x reads restart: only; stack defaults to any", async () => {
    const project = await readComposeProject([file("deploy.yml")], NO_ENV);
    const views = Object.fromEntries(
      project.services.map((s) => {
        const v = runtimesOf(s);
        return [s.name, [formatRestart(v.composeV2), formatRestart(v.composeV1), v.stack]];
      }),
    );
    expect(views).toEqual({
      "deploy-only": ["on-failure:3", "no", "on-failure"],
      conflict: ["always", "unless-stopped", "any"],
      "any-with-attempts": ["always", "always", "any"],
      "no-condition": ["no", "always", "any"],
      agreed: ["always", "always", "any"],
    });
  });

  it("reports what differs between runtimes, and nothing where they agree", async () => {
    const rules = await rulesBy(file("deploy.yml"));
    expect(rules["deploy-only"]).toEqual(["deploy-restart-delay-ignored", "deploy-restart-policy-ignored", "no-healthcheck", "restart-on-failure-exit-zero", "state-in-container-fs"]);
    expect(rules.conflict).toEqual(["no-healthcheck", "restart-deploy-conflict", "state-in-container-fs"]);
    expect(rules["any-with-attempts"]).toEqual(["no-healthcheck", "restart-max-attempts-rejected", "state-in-container-fs"]);
    expect(rules["no-condition"]).toEqual(["no-healthcheck", "restart-deploy-conflict", "restart-policy-none", "state-in-container-fs"]);
    expect(rules.agreed).toEqual(["no-healthcheck", "state-in-container-fs"]);
  });

  it("says in the evidence what each runtime will do", async () => {
    const report = await audit({ compose: [file("deploy.yml")], env: NO_ENV });
    const evidence = report.findings.find((f) => f.rule === "restart-on-failure-exit-zero")!.evidence[0]!;
    expect(evidence).toContain("docker compose up: on-failure:3 (from deploy)");
    expect(evidence).toContain("docker-compose 1.x: no (ignores deploy:)");
    expect(evidence).toContain("docker stack deploy: condition on-failure (ignores restart:)");
  });
});

describe("state, health and shutdown", () => {
  it("tells named volumes and binds from anonymous volumes, tmpfs and the container filesystem, through merge keys", async () => {
    const rules = await rulesBy(file("state.yml"));
    expect(rules).toEqual({
      anonymous: ["state-in-anonymous-volume"],
      tmpfs: ["state-in-tmpfs"],
      "read-only-config": ["state-in-container-fs"],
      nothing: ["state-in-container-fs"],
    });
  });

  it("merges an override file like docker compose -f a -f b", async () => {
    const rules = await rulesBy(`${file("state.yml")},${file("override.yml")}`);
    expect(rules.nothing).toBeUndefined();
    expect(rules.tmpfs).toEqual(["state-in-tmpfs"]);
    const project = await readComposeProject([file("state.yml"), file("override.yml")], NO_ENV);
    expect(formatRestart(runtimesOf(project.services.find((s) => s.name === "tmpfs")!).composeV2)).toBe("always");
  });

  it("flags a missing or disabled healthcheck, a too frequent one, and a short stop grace period", async () => {
    const rules = await rulesBy(file("health.yml"));
    expect(rules).toEqual({ unchecked: ["no-healthcheck"], disabled: ["no-healthcheck"], eager: ["healthcheck-interval-short"], hasty: ["stop-grace-period-short"] });
  });

  it("interpolates ${VAR:-default} and $$ the way compose does", async () => {
    expect((await rulesBy(file("interpolated.yml"))).app).toBeUndefined();
    expect((await rulesBy(file("interpolated.yml"), { APP_RESTART: "no" })).app).toEqual(["restart-policy-none"]);
    expect(interpolate("$${X} ${A-b} ${C:-d} $E", { A: "", C: "", E: "e" })).toBe("${X}  d e");
    expect(() => interpolate("${REQ:?set it}", {})).toThrow("required variable REQ is not set: set it");
  });

  it("parses compose durations", () => {
    expect([parseDuration("10s"), parseDuration("1m30s"), parseDuration("500ms"), parseDuration("2.5s"), parseDuration("7"), parseDuration("ten")]).toEqual([10, 90, 0.5, 2.5, 7, undefined]);
  });
});

describe("bad compose input: an input error that says what and where", () => {
  it("malformed YAML names file:line:column", async () => {
    await expect(audit({ compose: [file("bad-syntax.yml")], env: NO_ENV })).rejects.toMatchObject({ kind: "input", message: expect.stringMatching(new RegExp(`^${file("bad-syntax.yml")}:\\d+:\\d+: invalid yaml: `)) });
  });

  it("an unknown restart policy names the key", async () => {
    await expect(audit({ compose: [file("bad-restart.yml")], env: NO_ENV })).rejects.toMatchObject({
      kind: "input",
      message: `${file("bad-restart.yml")}:4:14: services.app.restart: expected one of no, always, unless-stopped, on-failure[:N], got "alway"`,
    });
  });

  it("an unreadable file says so", async () => {
    await expect(audit({ compose: [file("nope.yml")], env: NO_ENV })).rejects.toMatchObject({ kind: "input", message: `cannot read compose file ${file("nope.yml")}: no such file` });
  });
});
