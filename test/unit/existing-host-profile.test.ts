// Profiles with existing engines: the host kinds, their settings per transport, and daemon faults refused without consent.
import { describe, expect, it } from "vitest";
import { parseProfile } from "../../src/profile/load.js";

const profile = (hosts: string[], method: string[] = []) =>
  [
    "name: remote",
    "hosts:",
    ...hosts,
    "smeshers:",
    "  - { group: sm, count: 2, units: 10, host: a }",
    "poets:",
    "  - { group: poet, host: b }",
    ...(method.length > 0 ? ["method:", ...method] : []),
    "",
  ].join("\n");

const problems = (text: string, allowDaemonFaults?: boolean) => {
  const result = parseProfile(text, "p.yaml", { allowDaemonFaults });
  return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`);
};

describe("existing engines in a profile", () => {
  it("takes ssh, tcp with TLS, unix and a context next to a sandbox, with systemd's unit defaulted", () => {
    const text = profile([
      "  a: { endpoint: ssh://root@10.254.1.2, identityFile: keys/id, knownHosts: keys/known_hosts }",
      "  b: { endpoint: tcp://10.0.0.5:2376, tls: { ca: ca.pem, cert: cert.pem, key: key.pem } }",
      "  c: { context: prod-c }",
      "  d: {}",
    ]).replace("poets:", "poets:\n  - { group: p2, host: c }\n  - { group: p3, host: d }");
    const result = parseProfile(text, "p.yaml");
    expect(result.ok ? result.profile.hosts : result.errors).toEqual({
      a: { kind: "existing", endpoint: "ssh://root@10.254.1.2", identityFile: "keys/id", knownHosts: "keys/known_hosts", unit: "docker.service" },
      b: { kind: "existing", endpoint: "tcp://10.0.0.5:2376", tls: { ca: "ca.pem", cert: "cert.pem", key: "key.pem", verify: true }, unit: "docker.service" },
      c: { kind: "existing", context: "prod-c", unit: "docker.service" },
      d: { kind: "sandbox", liveRestore: false, shutdownTimeout: 10 },
    });
  });

  it("refuses settings that do not fit the transport, and a host with both or neither address, at the spot", () => {
    expect(problems(profile(["  a: { endpoint: ssh://root@h, tls: { ca: ca.pem } }", "  b: { endpoint: tcp://h:2376, identityFile: id }"]))).toEqual([
      "3:32 hosts.a.tls: tls: applies to tcp:// endpoints, not ssh://",
      "4:32 hosts.b.identityFile: identityFile: applies to ssh:// endpoints, not tcp://",
    ]);
    expect(problems(profile(["  a: { endpoint: ssh://root@h, context: x }", "  b: {}"]))).toEqual([
      "3:3 hosts.a: an existing engine needs exactly one of endpoint: (unix://, tcp://, ssh://) or context: (a Docker context)",
    ]);
    expect(problems(profile(["  a: { endpoint: ftp://h }", "  b: {}"]))[0]).toContain("3:");
  });

  it("daemon faults on an existing engine need ssh, and host-reboot there is not supported yet", () => {
    const hosts = ["  a: { endpoint: tcp://h:2375 }", "  b: { endpoint: ssh://root@h }"];
    expect(problems(profile(hosts, ["  - { fault: daemon-restart, target: { host: a }, at: { after: 1 } }", "  - { fault: host-reboot, target: { host: b }, at: { after: 2 } }"]))).toEqual([
      "10:14 method[0].fault: daemon-restart on host a (tcp://) needs an ssh:// endpoint: rebound stops, kills and starts an existing engine's daemon over ssh, never through the Docker API",
      "11:14 method[1].fault: host-reboot on host b: rebooting an existing machine is not supported yet (a sandbox host emulates it)",
    ]);
  });

  it("a run without --allow-daemon-faults is refused at each daemon fault on an existing engine, and only there", () => {
    const text = profile(["  a: { endpoint: ssh://root@h }", "  b: {}"], [
      "  - { fault: daemon-crash, target: { host: a }, at: { after: 1 } }",
      "  - { fault: daemon-crash, target: { host: b }, at: { after: 2 } }",
      "  - { fault: kill, target: { host: a }, at: { after: 3 } }",
    ]);
    expect(problems(text, false)).toEqual([
      "10:44 method[0].target.host: daemon-crash on host a, an engine rebound did not start, stops or kills its dockerd and every container on it: run with --allow-daemon-faults to allow it",
    ]);
    expect(problems(text, true)).toEqual([]);
    // validate and audit do not ask: they run nothing.
    expect(problems(text, undefined)).toEqual([]);
  });

  it("a kill, partition or delay that may land on a tcp:// or unix:// engine is refused: it needs the host's processes", () => {
    const hosts = ["  a: { endpoint: tcp://h:2376 }", "  b: { endpoint: ssh://root@h }"];
    expect(problems(profile(hosts, ["  - { fault: kill, target: { role: smesher }, at: { after: 1 } }", "  - { fault: partition, at: { after: 2 } }"]))).toEqual([
      "10:14 method[0].fault: kill may hit containers on host a (tcp://), which rebound reaches only through the Docker API: it signals a container's PID or enters its network namespace on the host, which needs an ssh:// endpoint (or narrow target: to other hosts)",
      "11:14 method[1].fault: partition may hit containers on host a (tcp://), which rebound reaches only through the Docker API: it signals a container's PID or enters its network namespace on the host, which needs an ssh:// endpoint (or narrow target: to other hosts)",
    ]);
    // Narrowed to the ssh host, or done through the API, it is fine.
    expect(problems(profile(hosts, ["  - { fault: kill, target: { host: b }, at: { after: 1 } }", "  - { fault: api-kill, target: { role: smesher }, at: { after: 2 } }", "  - { fault: delay, target: { role: poet }, at: { after: 3 } }"]))).toEqual([]);
  });

  it("a context is given the benefit of the doubt until a run has read it; then its endpoint decides", () => {
    const hosts = ["  a: { context: prod-a }", "  b: { endpoint: ssh://root@h }"];
    const method = ["  - { fault: daemon-crash, target: { host: a }, at: { after: 1 } }", "  - { fault: kill, target: { host: a }, at: { after: 2 } }"];
    const text = profile(hosts, method);
    expect(problems(text)).toEqual([]);
    const read = (contextSchemes: Record<string, string>) => {
      const result = parseProfile(text, "p.yaml", { contextSchemes });
      return result.ok ? [] : result.errors.map((e) => `${e.line}:${e.column} ${e.path}: ${e.message}`);
    };
    expect(read({ "prod-a": "ssh" })).toEqual([]);
    expect(read({ "prod-a": "tcp" })).toEqual([
      expect.stringMatching(/^10:14 method\[0\]\.fault: daemon-crash on host a \(context prod-a \(tcp:\/\/\)\) needs an ssh:\/\/ endpoint/),
      expect.stringMatching(/^11:14 method\[1\]\.fault: kill may hit containers on host a \(context prod-a \(tcp:\/\/\)\), which rebound reaches only through the Docker API/),
    ]);
  });
});
