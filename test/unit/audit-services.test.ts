// Live Swarm services without Docker: GET /services answers (Docker 20.10's shape) mapped to facts with Swarm's
// defaults, the stack rules' meaning applied to them, and the audit reading them only through a manager.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { audit } from "../../src/commands/audit.js";
import { objectLabel } from "../../src/audit/finding.js";
import { serviceRules } from "../../src/audit/rules-service.js";
import { serviceFacts, serviceSubjects } from "../../src/audit/sources/services.js";
import type { Subject } from "../../src/audit/subjects.js";
import type { AuditReader, ContainerFacts, ContainerFilter, DaemonFacts, ServiceInfo } from "../../src/docker/audit-reader.js";

const EP = "unix:///run/x/docker.sock";
/** A stack `fleet` and two services made through the API, as listServices returns them from a 20.10 manager. */
const FLEET: ServiceInfo[] = JSON.parse(readFileSync(new URL("../fixtures/audit/swarm/services-20.10.json", import.meta.url), "utf8"));
const named = (name: string) => FLEET.find((s) => s.Spec?.Name === name)!;

type Spec = NonNullable<ServiceInfo["Spec"]>;
type Task = NonNullable<Spec["TaskTemplate"]>;
/** One replicated service, its TaskTemplate as given. */
const service = (task: Task, extra: Partial<Spec> = {}): ServiceInfo => ({ ID: "svc0000000000000000000001", Spec: { Name: "s", TaskTemplate: task, Mode: { Replicated: { Replicas: 1 } }, ...extra } });
const volume = (source: string, target = "/data") => ({ Type: "volume", Source: source, Target: target });

function judge(info: ServiceInfo, defaultEndpoint = EP) {
  const subject = serviceSubjects([info], EP, defaultEndpoint)[0] as Extract<Subject, { kind: "swarm-service" }>;
  return serviceRules.check(subject);
}
const rules = (info: ServiceInfo) => judge(info).map((f) => f.rule);

describe("a service spec as facts", () => {
  it("reads the restart policy, mounts and constraints as the API gives them", () => {
    expect(serviceFacts(named("fleet_poet-windowed"))).toEqual({
      id: "m1n2b3v4c5x6z7l8k9j0h1g2f",
      name: "fleet_poet-windowed",
      mode: "replicated",
      condition: "any",
      delayNs: 5e9,
      maxAttempts: 3,
      windowNs: 120e9,
      defaulted: [],
      mounts: [{ type: "volume", source: "fleet_poetw-data", target: "/data", readOnly: false, driver: undefined }],
      constraints: ["node.hostname == vm2"],
    });
    expect(serviceFacts(named("fleet_shared")).mounts[0]!.driver).toBe("nfs-follows-the-task");
    expect(serviceFacts(named("fleet_node-exporter")).mounts.map((m) => `${m.type} ${m.source} ${m.readOnly}`)).toEqual(["bind /var/lib/node-exporter false", "bind /proc true"]);
  });

  it("fills what the spec leaves out with Swarm's defaults (any, 5 s, 0, 0) and says which", () => {
    // A stack service without deploy.restart_policy has no RestartPolicy at all; stack deploy sets only what the file says.
    expect(serviceFacts(named("web"))).toMatchObject({ condition: "any", delayNs: 5e9, maxAttempts: 0, windowNs: 0, defaulted: ["Condition", "Delay", "MaxAttempts", "Window"], constraints: [] });
    expect(serviceFacts(named("fleet_poet-bounded"))).toMatchObject({ condition: "on-failure", maxAttempts: 3, windowNs: 0, defaulted: ["Window"] });
    expect(serviceFacts(service({ RestartPolicy: { Condition: "" } }))).toMatchObject({ condition: "any", defaulted: ["Condition", "Delay", "MaxAttempts", "Window"] });
    expect(serviceFacts({ ID: "bare00000000000000000000" })).toMatchObject({ name: "bare00000000000000000000", mode: "replicated", condition: "any", mounts: [], constraints: [] });
  });

  it("tells the modes apart", () => {
    expect(serviceFacts(named("fleet_node-exporter")).mode).toBe("global");
    expect(serviceFacts(named("migrate")).mode).toBe("replicated-job");
    expect(serviceFacts(service({}, { Mode: { GlobalJob: {} } })).mode).toBe("global-job");
  });
});

describe("restart-policy-none on a live service", () => {
  it("fires on condition none, with the spec value and a docker service update", () => {
    const [f] = judge(named("fleet_exporter"));
    expect(f).toMatchObject({
      rule: "restart-policy-none",
      severity: "error",
      object: { kind: "service", name: "fleet_exporter", id: "7x2kq0d9f3mbn1c5v8w4e6r0t", scope: EP },
      evidence: ["TaskTemplate.RestartPolicy.Condition = none"],
      fix: { commands: ["docker service update --restart-condition any fleet_exporter"] },
    });
    expect(f!.message).toBe("restart condition none: Swarm never replaces its task when it exits, so it stays down after a crash, a daemon restart, an upgrade or a reboot");
    expect(f!.fix.text).toContain("replaces its running tasks");
  });

  it("names the endpoint when plain docker would reach another one", () => {
    expect(judge(named("fleet_exporter"), "")[0]!.fix.commands).toEqual([`docker -H ${EP} service update --restart-condition any fleet_exporter`]);
  });

  it("does not fire on any, on-failure, the default, or a job (which is meant to end)", () => {
    expect(rules(service({ RestartPolicy: { Condition: "any" } }))).toEqual([]);
    expect(rules(service({ RestartPolicy: { Condition: "on-failure" } }))).toEqual([]);
    expect(rules(named("web"))).toEqual([]);
    expect(rules(named("migrate"))).toEqual([]);
  });
});

describe("stack-restart-attempts-bounded on a live service", () => {
  it("fires on MaxAttempts > 0 with Window 0, quoting both", () => {
    const found = judge(named("fleet_poet-bounded"));
    expect(found.map((f) => f.rule)).toEqual(["stack-restart-attempts-bounded"]);
    expect(found[0]).toMatchObject({
      severity: "warning",
      object: { name: "fleet_poet-bounded", id: "k3j9h5g7f1d2s4a6q8w0e2r4t" },
      message: "MaxAttempts 3 with Window 0: Swarm counts restarts over the service's whole life, so after 3 of them (crashes, daemon restarts, upgrades) its task stays down for good",
      evidence: ["TaskTemplate.RestartPolicy.MaxAttempts = 3", "TaskTemplate.RestartPolicy.Window = 0 (unset: Swarm's default)", "TaskTemplate.RestartPolicy.Condition = on-failure"],
      fix: { commands: ["docker service update --restart-window 2m fleet_poet-bounded"] },
    });
    expect(rules(service({ RestartPolicy: { Condition: "any", MaxAttempts: 5, Window: 0 } }))).toEqual(["stack-restart-attempts-bounded"]);
  });

  it("does not fire with a window, without a bound, under condition none (already reported), or on a job", () => {
    expect(rules(named("fleet_poet-windowed"))).toEqual([]);
    expect(rules(service({ RestartPolicy: { Condition: "any", MaxAttempts: 0 } }))).toEqual([]);
    expect(rules(service({ RestartPolicy: { Condition: "none", MaxAttempts: 3 } }))).toEqual(["restart-policy-none"]);
    expect(rules(service({ RestartPolicy: { Condition: "on-failure", MaxAttempts: 3 } }, { Mode: { ReplicatedJob: { MaxConcurrent: 1, TotalCompletions: 1 } } }))).toEqual([]);
  });
});

describe("stack-state-unpinned on a live service", () => {
  it("fires on a local volume or a writable bind with no constraint that names a node", () => {
    const [f] = judge(named("fleet_smesher-unpinned"));
    expect(f).toMatchObject({
      rule: "stack-state-unpinned",
      severity: "warning",
      object: { name: "fleet_smesher-unpinned", id: "q9w8e7r6t5y4u3i2o1p0a9s8d" },
      evidence: ["TaskTemplate.ContainerSpec.Mounts: volume fleet_unpinned-data -> /data (driver local)", "TaskTemplate.Placement.Constraints = [node.role == worker] (none pins a node)"],
    });
    expect(f!.message).toContain("Swarm starts the task on another node, with that node's empty volume");
    // Only the operator knows which node holds the data: the command is in the text, not in --fix's script.
    expect(f!.fix.text).toContain("`docker service update --constraint-add node.hostname==NODE fleet_smesher-unpinned`");
    expect(f!.fix.commands).toBeUndefined();
    expect(judge(service({ ContainerSpec: { Mounts: [{ Type: "bind", Source: "/srv/s", Target: "/data" }] } }))[0]!.evidence).toEqual([
      "TaskTemplate.ContainerSpec.Mounts: bind /srv/s -> /data",
      "TaskTemplate.Placement.Constraints: none",
    ]);
  });

  it("does not fire when pinned by hostname, id or a node label, on a global service, or for data that follows no node", () => {
    expect(rules(named("fleet_poet-windowed"))).toEqual([]); // node.hostname == vm2
    expect(rules(named("fleet_smesher-pinned"))).toEqual([]); // node.id==...
    expect(rules(named("fleet_poet-bounded"))).toEqual(["stack-restart-attempts-bounded"]); // node.labels.poet == a
    expect(rules(named("fleet_node-exporter"))).toEqual([]); // global
    expect(rules(named("fleet_shared"))).toEqual([]); // a volume driver other than local
    expect(rules(named("web"))).toEqual([]); // an anonymous volume and a read-only bind
    expect(rules(service({ ContainerSpec: { Mounts: [{ Type: "tmpfs", Target: "/data" }] } }))).toEqual([]);
    expect(rules(service({ ContainerSpec: { Mounts: [volume("d")] }, Placement: { Constraints: ["node.labels.zone!=a", "node.platform.os==linux"] } }))).toEqual(["stack-state-unpinned"]);
  });
});

class FakeReader implements AuditReader {
  filters: ContainerFilter[] = [];
  constructor(readonly endpoint: string, private readonly facts: DaemonFacts, private readonly list: ContainerFacts[], private readonly swarm: ServiceInfo[]) {}
  async daemon() {
    return this.facts;
  }
  async containers() {
    return this.list;
  }
  async services(filter: ContainerFilter) {
    this.filters.push(filter);
    return this.swarm;
  }
}

const daemonFacts = (over: Partial<DaemonFacts> = {}): DaemonFacts => ({ endpoint: EP, name: "vm1", serverVersion: "20.10.24", apiVersion: "1.41", liveRestore: false, swarm: "active", manager: true, ...over });
const taskContainer: ContainerFacts = {
  id: "c1",
  name: "fleet_exporter.1.abc",
  image: "rebound-standin",
  labels: { "com.docker.swarm.task.id": "abc", "com.docker.swarm.service.name": "fleet_exporter" },
  status: "running",
  exitCode: 0,
  oomKilled: false,
  restartCount: 0,
  restartPolicy: { name: "", maxRetries: 0 },
  mounts: [],
  tmpfs: [],
  declaredVolumes: [],
};

describe("the audit over a fake Swarm manager", () => {
  it("judges every service of the swarm, and still skips the task containers", async () => {
    const reader = new FakeReader(EP, daemonFacts(), [taskContainer], FLEET);
    const report = await audit({ hosts: [EP], filter: { project: "fleet" }, failOn: "never", openReader: () => reader, env: {} });
    expect(reader.filters).toEqual([{ project: "fleet" }]);
    expect(report.findings.filter((f) => f.object.kind === "service").map((f) => `${f.object.name}: ${f.rule}`)).toEqual([
      "fleet_exporter: restart-policy-none",
      "fleet_poet-bounded: stack-restart-attempts-bounded",
      "fleet_smesher-unpinned: stack-state-unpinned",
    ]);
    expect(report.findings.some((f) => f.object.kind === "container")).toBe(false);
    const none = report.findings.find((f) => f.rule === "restart-policy-none")!;
    expect(objectLabel(none.object)).toBe(`service fleet_exporter 7x2kq0d9f3mb (${EP})`);
    expect(none.fix.commands).toEqual([`docker -H ${EP} service update --restart-condition any fleet_exporter`]);
    expect(report.sources).toEqual([expect.stringContaining(": 1 containers (1 of them Swarm tasks"), `swarm manager ${EP} (-H): ${FLEET.length} services`]);
    // One JUnit check per service and rule, passed or not; the label carries the short id.
    expect(report.checks.filter((c) => c.object.kind === "service")).toHaveLength(FLEET.length * 3);
    expect(report.checks.find((c) => c.finding?.rule === "stack-state-unpinned")).toBeDefined();
  });

  it("--ignore leaves a shared rule out for live services too", async () => {
    const report = await audit({ hosts: [EP], failOn: "never", ignore: ["restart-policy-none"], openReader: () => new FakeReader(EP, daemonFacts(), [], FLEET), env: {} });
    expect(report.findings.map((f) => f.rule)).not.toContain("restart-policy-none");
  });

  it("reads services only through a manager, and each once when two managers are audited", async () => {
    const worker = new FakeReader(EP, daemonFacts({ manager: false }), [], FLEET);
    const report = await audit({ hosts: [EP], failOn: "never", openReader: () => worker, env: {} });
    expect(worker.filters).toEqual([]);
    expect(report.sources[1]).toBe(`swarm services not read through ${EP} (-H): a worker cannot list them; audit a manager (-H) to judge them`);

    const single = new FakeReader(EP, daemonFacts({ swarm: "inactive", manager: false }), [], FLEET);
    expect((await audit({ hosts: [EP], failOn: "never", openReader: () => single, env: {} })).sources).toHaveLength(1);
    expect(single.filters).toEqual([]);

    const other = "unix:///run/y/docker.sock";
    const two = await audit({ hosts: [EP, other], failOn: "never", openReader: (ep) => new FakeReader(ep.url, daemonFacts({ endpoint: ep.url }), [], FLEET), env: {} });
    expect(two.findings.filter((f) => f.rule === "restart-policy-none").map((f) => f.object.scope)).toEqual([EP]);
    expect(two.sources.at(-1)).toBe(`swarm manager ${other} (-H): 0 services (${FLEET.length} more already read through another manager)`);
  });
});
