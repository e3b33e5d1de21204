// The remote-host harness itself: two ssh-only Docker hosts whose fake systemd keeps the stock docker.service rules.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requireDockerEngine } from "../support/cli.js";
import { startRemoteHost, type RemoteHost } from "../support/remote-host/index.js";
import { mountsUnder, processesUsing } from "../support/remote-host/leftovers.js";
import { sshRun } from "../support/remote-host/ssh-client.js";
import { eventually } from "../support/poll.js";

const monotonicUsec = () => process.hrtime.bigint() / 1000n;

async function show(host: RemoteHost, properties: string[]): Promise<Record<string, string>> {
  const result = await sshRun(host, `systemctl show docker.service -p ${properties.join(",")}`);
  expect(result.code, result.stderr).toBe(0);
  return Object.fromEntries(result.stdout.split("\n").filter(Boolean).map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

/** SIGKILLs dockerd over ssh and waits until the unit runs a new dockerd or has given up. */
async function killDockerd(host: RemoteHost): Promise<Record<string, string>> {
  const { MainPID: pid } = await show(host, ["MainPID"]);
  expect(Number(pid)).toBeGreaterThan(0);
  const killed = await sshRun(host, `kill -9 ${pid}`);
  expect(killed.code, killed.stderr).toBe(0);
  return eventually(
    `${host.name}: docker.service after kill -9 ${pid}`,
    () => show(host, ["ActiveState", "SubState", "Result", "MainPID", "NRestarts"]),
    (s) => s.ActiveState === "failed" || (s.ActiveState === "active" && s.MainPID !== pid),
    30_000,
    100,
  );
}

describe("remote host harness (sshd in a netns, dockerd under a fake systemd)", () => {
  let ra: RemoteHost;
  let rb: RemoteHost;
  let paths: string[] = [];

  beforeAll(async () => {
    await requireDockerEngine();
    const started = Date.now();
    // Two hosts at once: their dockerds race on iptables chains as real boots would not, and must still come up.
    [ra, rb] = await Promise.all([startRemoteHost({ name: "ra", index: 1 }), startRemoteHost({ name: "rb", index: 2 })]);
    console.log(`two remote hosts started in ${Date.now() - started} ms`);
    paths = [ra.dir, rb.dir, "/run/rbt-ra", "/run/rbt-rb"];
  });

  afterAll(async () => {
    await Promise.all([ra?.stop(), rb?.stop()]);
  });

  it("gives an ssh session the host's PATH (its systemctl first) and DOCKER_HOST, and serves docker dial-stdio", async () => {
    const session = await sshRun(ra, "echo $PATH; echo $DOCKER_HOST; command -v systemctl; docker version --format {{.Server.Version}}");
    expect(session.code, session.stderr).toBe(0);
    const [path, dockerHost, systemctl, version] = session.stdout.split("\n");
    expect(path?.split(":")).toContain(join(ra.dir, "bin"));
    expect(dockerHost).toBe(`unix://${ra.dockerSocket}`);
    expect(systemctl).toBe(join(ra.dir, "bin", "systemctl"));
    const local = await execa("docker", ["-H", `unix://${ra.dockerSocket}`, "version", "--format", "{{.Server.Version}}"]);
    expect(version).toBe(local.stdout);
    // What docker -H ssh:// runs on the far side: the API over the session's stdin and stdout.
    const dial = await sshRun(ra, "docker system dial-stdio", { input: "GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n" });
    expect(dial.stdout).toMatch(/^HTTP\/1\.0 200 OK/);
    // Two hosts, two engines.
    const ids = await Promise.all([ra, rb].map((host) => sshRun(host, "docker info --format {{.ID}}")));
    expect(ids[0]?.stdout).not.toBe("");
    expect(ids[0]?.stdout).not.toBe(ids[1]?.stdout);
  });

  it("shows docker.service as systemctl does, and knows no containerd.service or docker.socket", async () => {
    const values = await sshRun(ra, "systemctl show docker.service -p ActiveState,MainPID --value");
    const [state, pid] = values.stdout.split("\n");
    expect(state).toBe("active");
    expect((await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0")[0]).toMatch(/dockerd$/);
    const props = await show(ra, ["LoadState", "SubState", "NRestarts", "ActiveEnterTimestamp"]);
    expect(props).toMatchObject({ LoadState: "loaded", SubState: "running", NRestarts: "0" });
    expect(props.ActiveEnterTimestamp).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    const unknown = await sshRun(ra, "systemctl show containerd.service -p LoadState -p ActiveState -p MainPID; systemctl is-active docker.socket");
    expect(unknown.stdout).toBe("LoadState=not-found\nActiveState=inactive\nMainPID=0\ninactive");
    expect(unknown.code).toBe(3);
  });

  it("restarts a SIGKILLed dockerd by itself after RestartSec=2, counting NRestarts", async () => {
    const before = await show(ra, ["NRestarts", "ActiveEnterTimestampMonotonic"]);
    const killedAt = monotonicUsec();
    const after = await killDockerd(ra);
    expect(after).toMatchObject({ ActiveState: "active", NRestarts: String(Number(before.NRestarts) + 1) });
    const timing = await show(ra, ["ExecMainStartTimestampMonotonic", "ActiveEnterTimestampMonotonic"]);
    // Both clocks are CLOCK_MONOTONIC: the new dockerd was started no sooner than 2 s after the kill.
    expect(BigInt(timing.ExecMainStartTimestampMonotonic ?? "0") - killedAt).toBeGreaterThanOrEqual(2_000_000n);
    expect(BigInt(timing.ActiveEnterTimestampMonotonic ?? "0")).toBeGreaterThan(BigInt(before.ActiveEnterTimestampMonotonic ?? "0"));
    const version = await sshRun(ra, "docker version --format {{.Server.Version}}");
    expect(version.code, version.stderr).toBe(0);
  });

  it("gives up after a 4th start inside 60 s (start-limit-hit) until reset-failed", async () => {
    // The host's boot start counts toward the limit too; begin with none used.
    expect((await sshRun(rb, "systemctl reset-failed docker.service")).code).toBe(0);
    for (let kill = 1; kill <= 3; kill++) {
      expect(await killDockerd(rb)).toMatchObject({ ActiveState: "active", NRestarts: String(kill) });
    }
    expect(await killDockerd(rb)).toMatchObject({ ActiveState: "failed", SubState: "failed", Result: "start-limit-hit", MainPID: "0", NRestarts: "4" });
    const isActive = await sshRun(rb, "systemctl is-active docker.service");
    expect([isActive.stdout, isActive.code]).toEqual(["failed", 3]);
    const refused = await sshRun(rb, "systemctl start docker.service");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("start of the service was attempted too often");
    expect((await sshRun(rb, "docker version")).code).not.toBe(0);
    const back = await sshRun(rb, "systemctl reset-failed docker.service && systemctl start docker.service && systemctl is-active docker");
    expect([back.code, back.stdout]).toEqual([0, "active"]);
    expect(await show(rb, ["NRestarts", "Result"])).toEqual({ NRestarts: "0", Result: "success" });
  });

  it("leaves a stopped unit stopped: no automatic restart after systemctl stop", async () => {
    await sshRun(ra, "systemctl reset-failed docker.service");
    const { MainPID: pid } = await show(ra, ["MainPID"]);
    const stopped = await sshRun(ra, "systemctl stop docker.service; systemctl is-active docker.service");
    expect([stopped.stdout, stopped.code]).toEqual(["inactive", 3]);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await show(ra, ["ActiveState", "SubState", "MainPID"])).toEqual({ ActiveState: "inactive", SubState: "dead", MainPID: "0" });
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    const started = await sshRun(ra, "systemctl start docker && systemctl is-active docker");
    expect([started.code, started.stdout]).toEqual([0, "active"]);
    // A restart asked for is a stop and a start: a new dockerd, and not an automatic restart.
    const before = await show(ra, ["MainPID", "NRestarts"]);
    expect((await sshRun(ra, "systemctl restart docker.service")).code).toBe(0);
    const after = await show(ra, ["ActiveState", "MainPID", "NRestarts"]);
    expect(after).toMatchObject({ ActiveState: "active", NRestarts: before.NRestarts });
    expect(after.MainPID).not.toBe(before.MainPID);
  });

  it("refuses to start a host whose name or addresses are taken, leaving the running one alone", async () => {
    await expect(startRemoteHost({ name: "ra", index: 3 })).rejects.toThrow(/rbt-ra already exists/);
    await expect(startRemoteHost({ name: "rc", index: 1 })).rejects.toThrow(/10\.254\.1\.0\/30 are already in use/);
    expect((await sshRun(ra, "systemctl is-active docker")).stdout).toBe("active");
  });

  it("refuses a host key it does not know or that changed, and counts only accepted connections", async () => {
    const before = await ra.acceptedConnections();
    const empty = join(ra.dir, "known_hosts.empty");
    await writeFile(empty, "");
    const unknown = await sshRun(ra, "true", { knownHostsFile: empty });
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toContain("Host key verification failed");
    // rb's key under ra's address: what a reinstalled (or impostor) host looks like.
    const changed = join(ra.dir, "known_hosts.changed");
    await writeFile(changed, `${ra.address} ${rb.hostKeyLine.split(" ").slice(1).join(" ")}\n`);
    const impostor = await sshRun(ra, "true", { knownHostsFile: changed });
    expect(impostor.code).toBe(255);
    expect(impostor.stderr).toContain("REMOTE HOST IDENTIFICATION HAS CHANGED");
    expect(await ra.acceptedConnections()).toBe(before);
    for (let i = 0; i < 2; i++) expect((await sshRun(ra, "true")).code).toBe(0);
    expect(await ra.acceptedConnections()).toBe(before + 2);
  });

  it("stop() leaves no namespace, link, process, mount or file behind, containers included", async () => {
    // A tiny image sent over ssh (no registry here): the host's sleep and the libraries it needs.
    const tarball = join(ra.dir, "sleep.tar");
    const libs = (await execa("ldd", ["/usr/bin/sleep"])).stdout.match(/\/\S+/g) ?? [];
    await execa("tar", ["-chf", tarball, "/usr/bin/sleep", ...libs]);
    const containerPids: number[] = [];
    for (const host of [ra, rb]) {
      const imported = await sshRun(host, "docker import - rbt-sleep", { inputFile: tarball });
      expect(imported.code, imported.stderr).toBe(0);
      const run = await sshRun(host, "docker run -d --restart=always rbt-sleep /usr/bin/sleep 600 && docker ps -q | wc -l");
      expect(run.code, run.stderr).toBe(0);
      const id = run.stdout.split("\n")[0] ?? "";
      const pid = await execa("docker", ["-H", `unix://${host.dockerSocket}`, "inspect", "--format", "{{.State.Pid}}", id]);
      containerPids.push(Number(pid.stdout));
    }
    expect(containerPids.every((pid) => pid > 0 && existsSync(`/proc/${pid}`))).toBe(true);
    const started = Date.now();
    await Promise.all([ra.stop(), rb.stop()]);
    console.log(`two remote hosts stopped in ${Date.now() - started} ms`);
    const namespaces = (await execa("ip", ["netns", "list"])).stdout;
    expect(namespaces).not.toMatch(/\brbt-r[ab]\b/);
    for (const link of ["rbtrah", "rbtran", "rbtrbh", "rbtrbn"]) expect((await execa("ip", ["link", "show", link], { reject: false })).exitCode).not.toBe(0);
    expect(processesUsing(paths)).toEqual([]);
    expect(mountsUnder(paths)).toEqual([]);
    expect(paths.filter((path) => existsSync(path))).toEqual([]);
    expect(containerPids.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
  });
});
