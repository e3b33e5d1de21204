// Experiments on existing Docker engines reached over ssh (issue 11): two "remote" hosts from the harness (sshd in
// its own network namespace, a dockerd under a fake systemd with the stock unit's rules), one named by endpoint and
// one by a Docker context. rebound reaches them only through ssh; the test reads their sockets to check.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/run/result.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";
import { startRemoteHost, type RemoteHost } from "../support/remote-host/index.js";

const sandbox = isolatedHome("existing");
const work = mkdtempSync("/tmp/rebound-existing-");
const dockerConfig = join(work, "docker-config");
let team: RemoteHost;
let community: RemoteHost;
let env: Record<string, string>;

/** The docker CLI against a host's own socket: what the test checks with, never what rebound uses. */
const docker = async (host: RemoteHost, args: string[]) => (await execa("docker", ["-H", `unix://${host.dockerSocket}`, ...args])).stdout.trim();
const names = async (host: RemoteHost) => (await docker(host, ["ps", "-a", "--format", "{{.Names}}"])).split("\n").filter(Boolean).sort();
const verdicts = (result: RunResult) => Object.fromEntries(result.verdicts.map((v) => [v.check, v.status]));

/** profiles/netid-118.yaml with its two hosts swapped for the remote ones (team by endpoint, community by context). */
function remoteProfile(name: string, options: { knownHosts?: string } = {}): string {
  const text = readFileSync("profiles/netid-118.yaml", "utf8")
    .replace(/^name: netid-118$/m, `name: ${name}`)
    .replace(/^ {2}team: .*$/m, `  team: { endpoint: "${team.sshUrl}", identityFile: ${team.identityFile}, knownHosts: ${options.knownHosts ?? team.knownHostsFile} }`)
    .replace(/^ {2}community: .*$/m, `  community: { context: rb-community, identityFile: ${community.identityFile}, knownHosts: ${community.knownHostsFile} }`);
  const path = join(work, `${name}.yaml`);
  writeFileSync(path, text);
  return path;
}

beforeAll(async () => {
  await requireDockerEngine();
  team = await startRemoteHost({ name: "ea", index: 21 });
  community = await startRemoteHost({ name: "eb", index: 22 });
  await execa("docker", ["--config", dockerConfig, "context", "create", "rb-community", "--docker", `host=${community.sshUrl}`]);
  env = { ...sandbox.env, DOCKER_CONFIG: dockerConfig };
}, 120_000);

afterAll(async () => {
  await rebound(["down", "--volumes"], env);
  await rebound(["engine", "down"], env);
  await team?.stop();
  await community?.stop();
  await sandbox.remove();
}, 180_000);

describe("existing engines over ssh", () => {
  it("refuses daemon faults there without --allow-daemon-faults, at the fault, before connecting to anything", async () => {
    const result = await rebound(["run", remoteProfile("remote-refused")], env);
    expect(result.exitCode).toBe(2);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/remote-refused\.yaml:\d+:\d+: method\[0\]\.target\.host: unattended-upgrade on host team, an engine rebound did not start, .* run with --allow-daemon-faults to allow it$/);
    expect(await team.acceptedConnections()).toBe(0);
    expect(await community.acceptedConnections()).toBe(0);
    expect(await names(team)).toEqual([]);
  });

  it("an unknown host key is exit 3 with the key's fingerprint, and nothing is created on the host", async () => {
    const emptyKnownHosts = join(work, "known_hosts.empty");
    writeFileSync(emptyKnownHosts, "");
    const result = await rebound(["up", remoteProfile("remote-unknown-key", { knownHosts: emptyKnownHosts })], env);
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr).toMatch(/ssh:\/\/root@10\.254\.21\.2:22: host key ED25519 SHA256:[A-Za-z0-9+/]{43} is not in .*known_hosts\.empty/);
    expect(await names(team)).toEqual([]);
    // Refused before anything was made: no experiment record to remove.
    expect((await rebound(["status", "remote-unknown-key"], env)).exitCode).toBe(2);
    // A run is refused the same way before its journal exists: no run directory is left to explain.
    const run = await rebound(["run", remoteProfile("remote-unknown-key", { knownHosts: emptyKnownHosts }), "--allow-daemon-faults"], env);
    expect(run.exitCode, run.stderr).toBe(3);
    expect(run.stderr).toMatch(/host key ED25519 SHA256:\S+ is not in /);
    expect(existsSync(join(sandbox.home, "runs")) ? readdirSync(join(sandbox.home, "runs")) : []).toEqual([]);
    expect(await names(team)).toEqual([]);
  });

  it("up holds one ssh connection per host for all its API calls; down removes what it labelled and nothing of the user's", async () => {
    const before = { team: await team.acceptedConnections(), community: await community.acceptedConnections() };
    const up = await rebound(["up", remoteProfile("remote-up"), "--json"], env);
    expect(up.exitCode, up.stderr).toBe(0);
    // Image build and copy, network, containers, health: every call of one process over one connection per host.
    expect(await team.acceptedConnections()).toBe(before.team + 1);
    expect(await community.acceptedConnections()).toBe(before.community + 1);
    expect(await names(team)).toEqual(["remote-up-poet-0", "remote-up-poet-1", "remote-up-team-0", "remote-up-team-1", "remote-up-team-2"]);
    expect(await names(community)).toEqual(["remote-up-community-0"]);

    const image = (JSON.parse(up.stdout) as { image: { tag: string } }).image.tag;
    await docker(team, ["run", "-d", "--name", "user-db", "--network", "none", "--restart", "always", "--entrypoint", "/usr/bin/node", image, "-e", "setInterval(() => {}, 1e9)"]);
    const down = await rebound(["down", "remote-up", "--volumes"], env);
    expect(down.exitCode, down.stderr).toBe(0);
    expect(await names(team)).toEqual(["user-db"]);
    expect(await names(community)).toEqual([]);
    expect(await docker(team, ["inspect", "-f", "{{.State.Running}}", "user-db"])).toBe("true");
    await docker(team, ["rm", "-f", "user-db"]);
  }, 240_000);

  it("the incident over ssh gives the verdicts it gives on sandbox hosts; containment names the user's container the upgrade left down", async () => {
    // The user's own containers, from the stand-in image the last test left on the engines (images are kept).
    const image = (await docker(team, ["images", "--format", "{{.Repository}}:{{.Tag}}", "rebound-standin"])).split("\n")[0]!;
    const userContainer = (host: RemoteHost, name: string, restart: string) =>
      docker(host, ["run", "-d", "--name", name, "--network", "none", "--restart", restart, "--entrypoint", "/usr/bin/node", image, "-e", "process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 1e9)"]);
    await userContainer(team, "user-db", "always");
    await userContainer(team, "user-cron", "no");
    await userContainer(community, "user-web", "no");
    const webStarted = await docker(community, ["inspect", "-f", "{{.State.StartedAt}}", "user-web"]);

    const remoteJson = join(work, "remote.json");
    const remote = await rebound(["run", remoteProfile("remote118"), "--allow-daemon-faults", "--json", remoteJson], env, 600_000);
    const remoteResult = JSON.parse(readFileSync(remoteJson, "utf8")) as RunResult;
    const sandboxJson = join(work, "sandbox.json");
    const local = await rebound(["run", "profiles/netid-118.yaml", "--json", sandboxJson], env, 600_000);
    const sandboxResult = JSON.parse(readFileSync(sandboxJson, "utf8")) as RunResult;
    const took = (r: RunResult) => r.faults.map((f) => `${f.kind} ${((f.endT - f.beginT) / 1000).toFixed(1)} s`).join(", ");
    console.log(`unattended-upgrade over ssh: ${took(remoteResult)}; on a sandbox host: ${took(sandboxResult)}`);

    expect(local.exitCode, local.stdout).toBe(0);
    expect(sandboxResult.outcome).toBe("reproduced");
    // Over ssh, the only difference is containment: the user's restart=no container stayed down after the upgrade.
    expect(remote.exitCode).toBe(1);
    expect(remoteResult.outcome).toBe("not-reproduced");
    expect(remoteResult.unexpected).toEqual(["containment"]);
    const { containment: remoteContainment, ...remoteRest } = verdicts(remoteResult);
    const { containment: sandboxContainment, ...sandboxRest } = verdicts(sandboxResult);
    expect(remoteRest).toEqual(sandboxRest);
    expect([remoteContainment, sandboxContainment]).toEqual(["fail", "pass"]);
    const containment = remoteResult.verdicts.find((v) => v.check === "containment")!;
    expect(containment.value).toBe("0 foreign event(s), 3 foreign container(s) watched, 1 down after a daemon fault");
    expect(containment.evidence.filter((e) => e.failing).map((e) => e.subject)).toEqual(["user-cron (host team, restart no)"]);
    expect(containment.evidence.map((e) => e.detail)).toContain("running before f1 unattended-upgrade and again after it");

    // Nothing of the user's was removed; the one on the host without a fault was not even restarted.
    expect(await names(team)).toEqual(["user-cron", "user-db"]);
    expect(await docker(team, ["inspect", "-f", "{{.State.Running}}", "user-db"])).toBe("true");
    expect(await docker(community, ["inspect", "-f", "{{.State.Running}} {{.State.StartedAt}}", "user-web"])).toBe(`true ${webStarted}`);
    // systemd saw a stop and a start (no crash): the unit is active and counted no automatic restart.
    expect((await team.systemctl(["show", "docker.service", "-p", "ActiveState,NRestarts"])).stdout.split("\n").sort()).toEqual(["ActiveState=active", "NRestarts=0"]);
  }, 600_000);
});
