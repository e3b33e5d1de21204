// Every rule has a failing and a passing case here, on the smallest subject that shows it; the table must
// cover the catalog, so a new rule cannot ship without both.
import { describe, expect, it } from "vitest";
import { RULE_IDS, RULES, type RuleId } from "../../src/audit/catalog.js";
import type { HostExposure, PackageExposure } from "../../src/audit/apt/exposure.js";
import type { ComposeService } from "../../src/audit/compose/model.js";
import type { DaemonSubject } from "../../src/audit/daemon-subject.js";
import type { FleetSubject } from "../../src/audit/fleet-subject.js";
import { runRules } from "../../src/audit/run.js";
import type { Subject } from "../../src/audit/subjects.js";
import type { Workload } from "../../src/audit/workload.js";

const at = { file: "c.yml", line: 3, column: 5 };

function workload(over: Partial<Workload> = {}): Subject {
  const w: Workload = {
    object: { kind: "container", name: "w", scope: "unix:///x.sock" },
    target: { kind: "container", name: "w", endpoint: "unix:///x.sock", defaultEndpoint: false },
    restart: { value: { name: "unless-stopped" }, evidence: "policy" },
    state: { value: "named-volume", evidence: "volume" },
    dataPath: "/data",
    healthcheck: { value: { present: true, intervalSeconds: 10 }, evidence: "health" },
    ...over,
  };
  return { kind: "workload", object: w.object, workload: w };
}
const live = (status: string, exitCode = 0, oomKilled = false) => ({ status, exitCode, oomKilled, restartCount: 0 });

function service(over: Partial<ComposeService> = {}): Subject {
  const s: ComposeService = { name: "s", at, mounts: [], restart: { text: "unless-stopped", unquotedBoolean: false, at }, ...over };
  return { kind: "compose-service", object: { kind: "service", name: "s", file: "c.yml", line: 3 }, service: s };
}
const deploy = (r: Partial<NonNullable<ComposeService["deployRestart"]>>) => ({ at, ...r });
function stack(over: Partial<ComposeService> = {}): Subject {
  const s: ComposeService = { name: "s", at, mounts: [], ...over };
  return { kind: "stack-service", object: { kind: "service", name: "s", file: "c.yml", line: 3, scope: "stack c.yml" }, service: s };
}
const volume = { kind: "named" as const, source: "data", target: "/data", readOnly: false, driver: "local", at };
const placed = <T>(value: T) => ({ value, at });

function daemon(over: Partial<DaemonSubject> = {}): Subject {
  const d: DaemonSubject = { configuredBy: { kind: "daemon-json", file: "/etc/docker/daemon.json" }, liveRestore: { value: true, evidence: "info" }, ...over };
  return { kind: "daemon", object: { kind: "daemon", name: "unix:///x.sock" }, daemon: d };
}

function pkg(over: Partial<PackageExposure> = {}): PackageExposure {
  return { name: "docker.io", version: "1", origin: "Debian", originEvidence: [], inScope: true, scopeEvidence: [], dockerd: "deferred", containerd: "none", effectEvidence: [], ...over };
}
function apt(over: Partial<HostExposure> = {}): Subject {
  const h: HostExposure = {
    root: "/",
    unattended: { enabled: true, evidence: ['20auto-upgrades:2: APT::Periodic::Unattended-Upgrade "1"'] },
    reboot: { enabled: false, time: "now", evidence: ["Unattended-Upgrade::Automatic-Reboot is not set"] },
    packages: [],
    ignoredFiles: [],
    conclusion: { dockerd: "no", containerd: "no", reboot: "no" },
    ...over,
  };
  return { kind: "apt-host", object: { kind: "host", name: "/", scope: "apt" }, host: h };
}

function fleet(weights: Record<string, number>, poets: Record<string, number> = { a: 1, b: 1 }, selfHealing = true): Subject {
  const f: FleetSubject = {
    file: "p.yaml",
    profile: "p",
    hosts: Object.entries(weights).map(([key, weight]) => ({ key, weight, poets: poets[key] ?? 0, groups: [] })),
    hareThreshold: [1, 2],
    tortoiseThreshold: [1, 3],
    selfHealing,
  };
  return { kind: "fleet", object: { kind: "fleet", name: "p" }, fleet: f };
}

const CASES: Record<RuleId, { fail: Subject; pass: Subject }> = {
  "restart-policy-none": { fail: workload({ restart: { value: { name: "no" }, evidence: "" } }), pass: workload() },
  "restart-on-failure-exit-zero": { fail: workload({ restart: { value: { name: "on-failure", maxRetries: 3 }, evidence: "" } }), pass: workload({ restart: { value: { name: "always" }, evidence: "" } }) },
  "unless-stopped-user-stopped": { fail: workload({ live: live("exited") }), pass: workload({ live: live("running") }) },
  "state-in-container-fs": { fail: workload({ state: { value: "container-fs", evidence: "" } }), pass: workload() },
  "state-in-tmpfs": { fail: workload({ state: { value: "tmpfs", evidence: "" } }), pass: workload({ state: { value: "bind", evidence: "" } }) },
  "state-in-anonymous-volume": { fail: workload({ state: { value: "anonymous-volume", evidence: "" } }), pass: workload() },
  "no-healthcheck": { fail: workload({ healthcheck: { value: { present: false }, evidence: "" } }), pass: workload({ healthcheck: undefined }) },
  "healthcheck-interval-short": { fail: workload({ healthcheck: { value: { present: true, intervalSeconds: 4 }, evidence: "" } }), pass: workload({ healthcheck: { value: { present: true, intervalSeconds: 5 }, evidence: "" } }) },
  "stop-grace-period-short": { fail: workload({ stopGraceSeconds: { value: 4, evidence: "" } }), pass: workload({ stopGraceSeconds: { value: 5, evidence: "" } }) },
  "killed-on-stop": { fail: workload({ live: live("exited", 137) }), pass: workload({ live: live("exited", 137, true) }) },
  "restart-no-unquoted": { fail: service({ restart: { text: "no", unquotedBoolean: true, at } }), pass: service({ restart: { text: "no", unquotedBoolean: false, at } }) },
  "deploy-restart-policy-ignored": { fail: service({ restart: undefined, deployRestart: deploy({ condition: placed("any") }) }), pass: service({ deployRestart: deploy({ condition: placed("unless-stopped") }) }) },
  "restart-deploy-conflict": { fail: service({ deployRestart: deploy({ condition: placed("any") }) }), pass: service({ restart: { text: "always", unquotedBoolean: false, at }, deployRestart: deploy({ condition: placed("any") }) }) },
  "deploy-restart-delay-ignored": { fail: service({ deployRestart: deploy({ condition: placed("unless-stopped"), delay: placed("5s") }) }), pass: service({ deployRestart: deploy({ condition: placed("unless-stopped") }) }) },
  "restart-max-attempts-rejected": { fail: service({ deployRestart: deploy({ condition: placed("unless-stopped"), maxAttempts: placed(3) }) }), pass: service({ restart: undefined, deployRestart: deploy({ condition: placed("on-failure"), maxAttempts: placed(3) }) }) },
  "stack-restart-ignored": { fail: stack({ restart: { text: "no", unquotedBoolean: false, at } }), pass: stack({ restart: { text: "no", unquotedBoolean: false, at }, deployRestart: deploy({ condition: placed("none") }) }) },
  "stack-restart-attempts-bounded": { fail: stack({ deployRestart: deploy({ condition: placed("any"), maxAttempts: placed(3) }) }), pass: stack({ deployRestart: deploy({ condition: placed("any"), maxAttempts: placed(3), window: placed("2m") }) }) },
  "stack-state-unpinned": { fail: stack({ mounts: [volume] }), pass: stack({ mounts: [volume], deploy: { constraints: [placed("node.hostname == vm1")], at } }) },
  "live-restore-off": { fail: daemon({ liveRestore: { value: false, evidence: "" } }), pass: daemon() },
  "live-restore-swarm": { fail: daemon({ liveRestore: { value: false, evidence: "" }, swarmActive: true }), pass: daemon({ swarmActive: false }) },
  "live-restore-swarm-refused": {
    fail: daemon({ liveRestore: { value: false, evidence: "" }, swarmActive: true, config: { file: "/etc/docker/daemon.json", liveRestore: { value: true, line: 2 } } }),
    pass: daemon({ liveRestore: { value: false, evidence: "" }, swarmActive: true, config: { file: "/etc/docker/daemon.json", liveRestore: { value: false, line: 2 } } }),
  },
  "daemon-config-drift": { fail: daemon({ config: { file: "/etc/docker/daemon.json" } }), pass: daemon({ config: { file: "/etc/docker/daemon.json", liveRestore: { value: true, line: 2 } } }) },
  "apt-docker-restart-on-upgrade": { fail: apt({ packages: [pkg({ dockerd: "restart" })] }), pass: apt({ packages: [pkg({ dockerd: "restart", inScope: false })] }) },
  "apt-containerd-restart-on-upgrade": { fail: apt({ packages: [pkg({ name: "containerd", dockerd: "none", containerd: "restart" })] }), pass: apt({ packages: [pkg({ name: "containerd", containerd: "restart", inScope: false })] }) },
  "apt-docker-package-in-scope": { fail: apt({ packages: [pkg()] }), pass: apt({ packages: [pkg({ inScope: false })] }) },
  "apt-automatic-reboot": { fail: apt({ reboot: { enabled: true, time: "02:00", evidence: ['52reboot:1: Unattended-Upgrade::Automatic-Reboot "true"'] } }), pass: apt() },
  "apt-conf-file-ignored": {
    fail: apt({ ignoredFiles: [{ file: "/etc/apt/apt.conf.d/51x.blacklist", reason: "extension", configuresUnattended: true }] }),
    pass: apt({ ignoredFiles: [{ file: "/etc/apt/apt.conf.d/50x.dpkg-old", reason: "backup", configuresUnattended: false }] }),
  },
  "weight-concentration-hare": { fail: fleet({ a: 50, b: 25, c: 25 }), pass: fleet({ a: 49, b: 26, c: 25 }) },
  "weight-concentration-tortoise": { fail: fleet({ a: 2, b: 1 }), pass: fleet({ a: 50, b: 51 }) },
  "weight-concentration-third": { fail: fleet({ a: 34, b: 33, c: 33 }), pass: fleet({ a: 33, b: 33, c: 34 - 1, d: 1 }) },
  "poets-single-host": { fail: fleet({ a: 1, b: 1, c: 1 }, { a: 2 }), pass: fleet({ a: 1, b: 1, c: 1 }, { a: 1, b: 1 }) },
  "self-healing-off": { fail: fleet({ a: 1, b: 1, c: 1 }, { a: 1, b: 1 }, false), pass: fleet({ a: 1, b: 1, c: 1 }) },
};

const rulesOf = (subject: Subject) => runRules([subject]).findings.map((f) => f.rule);

describe("every rule, failing and passing", () => {
  it("the table covers every rule in the catalog", () => {
    expect(Object.keys(CASES).sort()).toEqual([...RULE_IDS].sort());
  });

  for (const rule of RULE_IDS) {
    it(`${rule} (${RULES[rule].severity})`, () => {
      const failing = runRules([CASES[rule].fail]).findings.filter((f) => f.rule === rule);
      expect(failing.length, `${rule} should fire`).toBeGreaterThan(0);
      expect(failing[0]!.severity).toBe(RULES[rule].severity);
      expect(failing[0]!.evidence.length).toBeGreaterThan(0);
      expect(failing[0]!.fix.text).not.toBe("");
      expect(rulesOf(CASES[rule].pass), `${rule} should not fire`).not.toContain(rule);
    });
  }
});

describe("how rules combine", () => {
  it("a 50/50 split breaks Hare but not self-healing; 2:1 breaks both; the 1/3 warning only when neither", () => {
    expect(rulesOf(fleet({ a: 50, b: 50 }))).toEqual(["weight-concentration-hare", "weight-concentration-hare"]);
    expect(rulesOf(fleet({ a: 2, b: 1 }))).toEqual(["weight-concentration-hare", "weight-concentration-tortoise"]);
    expect(rulesOf(fleet({ a: 40, b: 30, c: 30 }))).toEqual(["weight-concentration-third"]);
  });

  it("a Swarm daemon gets live-restore-swarm instead of live-restore-off", () => {
    expect(rulesOf(daemon({ liveRestore: { value: false, evidence: "" }, swarmActive: true }))).toEqual(["live-restore-swarm"]);
  });

  it("live-restore in a Swarm node's daemon.json is the refused start, not also a drift", () => {
    const refused = daemon({ liveRestore: { value: false, evidence: "" }, swarmActive: true, config: { file: "/etc/docker/daemon.json", liveRestore: { value: true, line: 2 } } });
    expect(rulesOf(refused)).toEqual(["live-restore-swarm", "live-restore-swarm-refused"]);
  });

  it("a stack service pinned by a constraint that names no node (a role) is still unpinned; a global one is never moved", () => {
    expect(rulesOf(stack({ mounts: [volume], deploy: { constraints: [placed("node.role == worker")], at } }))).toEqual(["stack-state-unpinned"]);
    expect(rulesOf(stack({ mounts: [volume], deploy: { mode: placed("global"), constraints: [], at } }))).toEqual([]);
    expect(rulesOf(stack({ mounts: [{ ...volume, driver: "rexray" }] }))).toEqual([]);
  });

  it("a live container's fix is the exact docker update command, with -H only off the default endpoint", () => {
    const none = runRules([workload({ restart: { value: { name: "no" }, evidence: "" } })]).findings[0]!;
    expect(none.fix.commands).toEqual(["docker -H unix:///x.sock update --restart unless-stopped w"]);
  });

  it("--ignore leaves a rule out of findings and checks", () => {
    const run = runRules([workload({ restart: { value: { name: "no" }, evidence: "" } })], new Set(["restart-policy-none"]));
    expect(run.findings).toEqual([]);
    expect(run.checks.some((c) => c.rule === "restart-policy-none")).toBe(false);
  });
});
