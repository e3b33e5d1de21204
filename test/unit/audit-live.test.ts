// Live containers and daemons without Docker: inspect data mapped to workloads, endpoints to connection
// options, and the audit command driven through a fake reader.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { audit } from "../../src/commands/audit.js";
import { containerWorkload } from "../../src/audit/sources/live.js";
import { parseDaemonJson } from "../../src/audit/sources/daemon-json.js";
import type { AuditReader, ContainerFacts, ContainerFilter, DaemonFacts } from "../../src/docker/audit-reader.js";
import { dockerOptions, resolveEndpoint } from "../../src/docker/endpoint.js";

const EP = "unix:///run/x/docker.sock";
const temps: string[] = [];
const tempDir = (prefix: string) => (temps.push(mkdtempSync(join(tmpdir(), prefix))), temps.at(-1)!);
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function facts(over: Partial<ContainerFacts> = {}): ContainerFacts {
  return {
    id: "c1",
    name: "app",
    image: "img",
    labels: {},
    status: "running",
    exitCode: 0,
    oomKilled: false,
    restartCount: 0,
    restartPolicy: { name: "unless-stopped", maxRetries: 0 },
    mounts: [{ type: "volume", name: "app-data", source: "/var/lib/docker/volumes/app-data/_data", destination: "/data", rw: true }],
    tmpfs: [],
    declaredVolumes: [],
    healthcheck: { test: ["CMD", "/bin/check"], intervalNs: 10e9 },
    ...over,
  };
}

const ANON = "a".repeat(64);

describe("a live container as a workload", () => {
  it("maps the restart policy, including the empty name and on-failure's retry count", () => {
    expect(containerWorkload(facts({ restartPolicy: { name: "", maxRetries: 0 } }), EP, EP).restart.value).toEqual({ name: "no" });
    expect(containerWorkload(facts({ restartPolicy: { name: "on-failure", maxRetries: 3 } }), EP, EP).restart.value).toEqual({ name: "on-failure", maxRetries: 3 });
  });

  it("finds the data: named volume, bind, anonymous volume, tmpfs, or nothing", () => {
    const state = (over: Partial<ContainerFacts>) => containerWorkload(facts(over), EP, EP).state.value;
    expect(state({})).toBe("named-volume");
    expect(state({ mounts: [{ type: "bind", source: "/srv/app", destination: "/data", rw: true }] })).toBe("bind");
    expect(state({ mounts: [{ type: "volume", name: ANON, source: "", destination: "/data", rw: true }] })).toBe("anonymous-volume");
    expect(state({ mounts: [], tmpfs: ["/data"] })).toBe("tmpfs");
    expect(state({ mounts: [{ type: "bind", source: "/etc/app", destination: "/etc/app", rw: false }] })).toBe("container-fs");
  });

  it("looks only at the known data path for stand-ins and images that declare a VOLUME", () => {
    const standin = facts({ labels: { "io.rebound.role": "smesher" }, mounts: [{ type: "volume", name: "logs", source: "", destination: "/logs", rw: true }] });
    expect(containerWorkload(standin, EP, EP).state).toMatchObject({ value: "container-fs", evidence: expect.stringContaining("at /data") });
    const declared = facts({ declaredVolumes: ["/var/lib/db"], mounts: [{ type: "volume", name: ANON, source: "", destination: "/var/lib/db", rw: true }] });
    expect(containerWorkload(declared, EP, EP)).toMatchObject({ state: { value: "anonymous-volume" }, dataPath: "/var/lib/db" });
  });

  it("reads the healthcheck (NONE is none; interval 0 is Docker's 30 s) and the stop timeout", () => {
    expect(containerWorkload(facts({ healthcheck: { test: ["NONE"], intervalNs: 0 } }), EP, EP).healthcheck!.value.present).toBe(false);
    expect(containerWorkload(facts({ healthcheck: { test: ["CMD", "x"], intervalNs: 0 } }), EP, EP).healthcheck!.value.intervalSeconds).toBe(30);
    expect(containerWorkload(facts({ stopTimeout: 2 }), EP, EP).stopGraceSeconds!.value).toBe(2);
  });

  it("drops -H from the fix on the default endpoint", () => {
    expect(containerWorkload(facts(), EP, EP).target).toMatchObject({ defaultEndpoint: true });
    expect(containerWorkload(facts(), EP, "unix:///var/run/docker.sock").target).toMatchObject({ defaultEndpoint: false });
  });
});

describe("endpoints", () => {
  it("unix, tcp, tcp with TLS files and ssh; DOCKER_HOST cannot override an explicit endpoint", () => {
    expect(dockerOptions(resolveEndpoint({ host: "unix:///var/run/docker.sock" }, {}))).toMatchObject({ socketPath: "/var/run/docker.sock", host: undefined });
    expect(dockerOptions(resolveEndpoint({ host: "tcp://127.0.0.1:2375" }, {}))).toMatchObject({ protocol: "http", host: "127.0.0.1", port: 2375 });
    const certs = tempDir("rebound-certs-");
    writeFileSync(join(certs, "ca.pem"), "not a certificate");
    expect(() => resolveEndpoint({ host: "tcp://127.0.0.1:2376" }, { DOCKER_CERT_PATH: "/nonexistent" })).toThrow("TLS for tcp://127.0.0.1:2376: cannot read /nonexistent/ca.pem: no such file");
    expect(() => resolveEndpoint({ host: "tcp://127.0.0.1:2376" }, { DOCKER_CERT_PATH: certs })).toThrow(/are not a usable PEM CA/);
    expect(() => resolveEndpoint({ host: "http://x" }, {})).toThrow(/unsupported scheme http:/);
  });
});

describe("daemon.json", () => {
  it("reads live-restore with its line, and points at malformed JSON", () => {
    expect(parseDaemonJson('{\n  "debug": true,\n  "live-restore": true\n}\n', "d.json")).toEqual({ file: "d.json", liveRestore: { value: true, line: 3 } });
    expect(parseDaemonJson("{}", "d.json")).toEqual({ file: "d.json" });
    expect(() => parseDaemonJson('{\n  "live-restore": true,\n}\n', "d.json")).toThrow('d.json:3:1: invalid JSON: unexpected "}"');
    expect(() => parseDaemonJson('{\n "live-restore": tru\n}', "d.json")).toThrow('d.json:2:21: invalid JSON: unexpected "\\n"');
    expect(() => parseDaemonJson("{", "d.json")).toThrow("d.json:1:2: invalid JSON: unexpected end of file");
    expect(() => parseDaemonJson('{"live-restore": "yes"}', "d.json")).toThrow('d.json:1:2: "live-restore" must be true or false');
  });
});

class FakeReader implements AuditReader {
  filters: ContainerFilter[] = [];
  constructor(readonly endpoint: string, private readonly facts: DaemonFacts, private readonly list: ContainerFacts[]) {}
  async daemon() {
    return this.facts;
  }
  async containers(filter: ContainerFilter) {
    this.filters.push(filter);
    return this.list;
  }
}

describe("the audit command over a fake daemon", () => {
  const daemonFacts: DaemonFacts = { endpoint: EP, name: "h", serverVersion: "20.10.24", apiVersion: "1.41", liveRestore: false, swarm: "inactive" };

  it("passes the filters, attaches daemon.json to the one daemon, and fails on errors by default", async () => {
    const reader = new FakeReader(EP, daemonFacts, [facts({ name: "bare", restartPolicy: { name: "no", maxRetries: 0 } })]);
    const dir = tempDir("rebound-dj-");
    writeFileSync(join(dir, "daemon.json"), '{ "live-restore": true }\n');
    const report = await audit({ hosts: [EP], filter: { labels: ["tier=db"], project: "shop" }, daemonJson: join(dir, "daemon.json"), openReader: () => reader, env: {} });
    expect(reader.filters).toEqual([{ labels: ["tier=db"], project: "shop" }]);
    expect(report.findings.map((f) => `${f.object.name}: ${f.rule}`)).toEqual([`${EP}: live-restore-off`, `${EP}: daemon-config-drift`, "bare: restart-policy-none"]);
    expect(report.failed).toBe(true);
    expect((await audit({ hosts: [EP], failOn: "never", openReader: () => reader, env: {} })).failed).toBe(false);
  });

  it("a Swarm task's container is left to its service: counted, not judged as a container without a restart policy", async () => {
    const task = facts({ name: "sv-b.1.xyz", restartPolicy: { name: "", maxRetries: 0 }, labels: { "com.docker.swarm.task.id": "xyz", "com.docker.swarm.service.name": "sv-b" } });
    const plain = facts({ name: "bare", restartPolicy: { name: "no", maxRetries: 0 } });
    const report = await audit({ hosts: [EP], failOn: "never", openReader: () => new FakeReader(EP, { ...daemonFacts, swarm: "active" }, [task, plain]), env: {} });
    expect(report.findings.map((f) => `${f.object.name}: ${f.rule}`)).toEqual([`${EP}: live-restore-swarm`, "bare: restart-policy-none"]);
    expect(report.sources[0]).toContain(": 2 containers (1 of them Swarm tasks, not judged as containers");
  });

  it("without a source flag reads DOCKER_HOST (or the local socket) and /", async () => {
    const opened: string[] = [];
    const report = await audit({ openReader: (ep) => (opened.push(ep.url), new FakeReader(ep.url, daemonFacts, [])), env: { DOCKER_HOST: "unix:///custom.sock" } });
    expect(opened).toEqual(["unix:///custom.sock"]);
    expect(report.sources.some((s) => s.startsWith("apt root /"))).toBe(true);
    // It reads this machine's own apt configuration, which a loaded machine may serve slowly.
  }, 30_000);

  it("rejects an unknown --fail-on or --ignore before reading anything", async () => {
    const open = () => {
      throw new Error("must not be called");
    };
    await expect(audit({ hosts: [EP], failOn: "fatal", openReader: open })).rejects.toMatchObject({ kind: "input", message: 'unknown --fail-on value "fatal": expected info, warning, error or never' });
    await expect(audit({ hosts: [EP], ignore: ["no-such-rule"], openReader: open })).rejects.toMatchObject({ kind: "input", message: 'unknown rule id "no-such-rule" in --ignore' });
  });
});
