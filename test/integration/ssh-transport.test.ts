// rebound's ssh transport against a real sshd and dockerd: one connection per host, dial-stdio channels, host keys.
import { randomBytes } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Duplex } from "node:stream";
import Docker from "dockerode";
import { execa } from "execa";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeSshSessions, sshHttpAgent, sshSession } from "../../src/docker/ssh/session.js";
import type { SshTarget } from "../../src/docker/ssh/target.js";
import { REPO, rebound, requireDockerEngine } from "../support/cli.js";
import { rejection } from "../support/rejection.js";
import { startRemoteHost, type RemoteHost } from "../support/remote-host/index.js";

/** One HTTP/1.0 request over a raw stream; the daemon closes the stream after the answer. */
function httpOver(stream: Duplex, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = "";
    stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
    stream.once("error", reject);
    stream.once("close", () => resolve(text));
    stream.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\n\r\n`);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe("ssh transport (sshd in a netns in front of a dockerd)", () => {
  let host: RemoteHost;
  let target: SshTarget;
  let scratch: string;
  let hostFingerprint: string;

  beforeAll(async () => {
    await requireDockerEngine();
    host = await startRemoteHost({ name: "st", index: 7 });
    target = { user: "root", host: host.address, port: 22, identityFile: host.identityFile, knownHostsFile: host.knownHostsFile };
    scratch = await mkdtemp(join(tmpdir(), "rebound-ssh-transport-"));
    // The fingerprint as OpenSSH prints it, independently of rebound's own computation.
    hostFingerprint = (await execa("ssh-keygen", ["-lf", join(host.dir, "ssh_host_ed25519_key.pub")])).stdout.split(" ")[1]!;
  });

  afterEach(() => closeSshSessions());

  afterAll(async () => {
    closeSshSessions();
    await host?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it("runs commands and reaches the Docker API over dial-stdio channels of one connection", async () => {
    const before = await host.acceptedConnections();
    const opening = performance.now();
    const session = await sshSession(target);
    const echo = await session.exec("echo out; echo err >&2; exit 3");
    const openMs = performance.now() - opening;
    expect(echo).toEqual({ code: 3, stdout: "out\n", stderr: "err\n" });
    const ping = await httpOver(await session.dialDocker(), "/_ping");
    expect(ping).toMatch(/^HTTP\/1\.0 200 OK[\s\S]*\r\n\r\nOK$/);
    const version = await httpOver(await session.dialDocker(), "/version");
    const local = await execa("docker", ["-H", `unix://${host.dockerSocket}`, "version", "--format", "{{.Server.Version}}"]);
    expect(JSON.parse(version.slice(version.indexOf("\r\n\r\n") + 4)).Version).toBe(local.stdout);
    // The same session object for the same host, and still one connection.
    expect(await sshSession({ ...target })).toBe(session);
    expect(await host.acceptedConnections()).toBe(before + 1);
    // A command past its timeout is ended and reported, naming the endpoint.
    const slow = await rejection(session.exec("sleep 5", { timeoutMs: 300 }));
    expect(slow.exitCode).toBe(3);
    expect(slow.message).toBe(`ssh://root@${host.address}:22: "sleep 5" did not finish within 0.3 s`);
    const again = performance.now();
    await session.exec("true");
    console.log(`ssh session open + first exec: ${openMs.toFixed(0)} ms; an exec on the open session: ${(performance.now() - again).toFixed(0)} ms`);
  });

  it("serves 20 concurrent Docker API calls through sshHttpAgent over exactly one ssh connection", async () => {
    const before = await host.acceptedConnections();
    const docker = new Docker({ protocol: "http", host: "docker", port: 80, agent: sshHttpAgent(target) } as Docker.DockerOptions);
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? docker.ping() : docker.version())));
    expect(answers.filter((answer) => String(answer) === "OK")).toHaveLength(10);
    expect(answers.filter((answer) => typeof answer === "object" && "ApiVersion" in answer)).toHaveLength(10);
    // One /_ping at a time over the open session, as rebound's observer polls.
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      await docker.ping();
      times.push(performance.now() - start);
    }
    console.log(`one /_ping over an open ssh session: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)})`);
    expect(await host.acceptedConnections()).toBe(before + 1);
  });

  it("reconnects once when the connection drops (the host's sshd session is killed)", async () => {
    const before = await host.acceptedConnections();
    const session = await sshSession(target);
    expect((await session.exec("true")).code).toBe(0);
    // The shell's parent is sshd's process for this connection: killing it drops the connection under the command.
    const dropped = await rejection(session.exec("kill -9 $PPID; sleep 5"));
    expect(dropped.exitCode).toBe(3);
    expect(dropped.message).toContain("connection dropped");
    expect((await session.exec("echo back")).stdout).toBe("back\n");
    expect(await host.acceptedConnections()).toBe(before + 2);
  });

  it("refuses an unknown host key with exit 3, the host's fingerprint and the ssh-keyscan line", async () => {
    const empty = join(scratch, "known_hosts_empty");
    await writeFile(empty, "");
    const before = await host.acceptedConnections();
    const session = await sshSession({ ...target, knownHostsFile: empty });
    const error = await rejection(session.exec("true"));
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(`ssh://root@${host.address}:22: host key ED25519 ${hostFingerprint} is not in ${empty}`);
    expect(error.suggestion).toContain(`ssh-keyscan -p 22 ${host.address} >> `);
    // The Docker API path reports the same error, intact, through dockerode.
    closeSshSessions();
    const docker = new Docker({ protocol: "http", host: "docker", port: 80, agent: sshHttpAgent({ ...target, knownHostsFile: empty }) } as Docker.DockerOptions);
    const viaApi = await rejection(docker.ping());
    expect(viaApi.exitCode).toBe(3);
    expect(viaApi.message).toContain(hostFingerprint);
    // The key was refused before authentication: sshd accepted no login.
    expect(await host.acceptedConnections()).toBe(before);
  });

  it("refuses a changed host key with exit 3, saying it changed and naming the known_hosts line", async () => {
    const changed = join(scratch, "known_hosts_changed");
    const other = join(scratch, `other_${randomBytes(4).toString("hex")}`);
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", other]);
    const [type, key] = (await readFile(`${other}.pub`, "utf8")).split(" ");
    await writeFile(changed, `# hosts\n${host.address} ${type} ${key}\n`);
    const error = await rejection((await sshSession({ ...target, knownHostsFile: changed })).exec("true"));
    expect(error.exitCode).toBe(3);
    expect(error.message).toContain("host key changed");
    expect(error.message).toContain(`${changed}:2`);
    expect(error.message).toContain(hostFingerprint);
  });

  it("a key the host does not accept: exit 3 naming user@host and the key; a closed port: exit 3 naming the endpoint", async () => {
    const stranger = join(scratch, `stranger_${randomBytes(4).toString("hex")}`);
    await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger]);
    const denied = await rejection((await sshSession({ ...target, identityFile: stranger })).exec("true"));
    expect(denied.exitCode).toBe(3);
    expect(denied.message).toBe(`ssh://root@${host.address}:22: ssh authentication failed for root@${host.address} with key ${stranger}`);
    const refused = await rejection((await sshSession({ ...target, port: 2 })).exec("true"));
    expect(refused.exitCode).toBe(3);
    expect(refused.message).toBe(`ssh://root@${host.address}:2: connection refused`);
  });

  it("does not keep a finished process alive: a script that used the session exits at once", async () => {
    const script = join(scratch, "uses-session.mts");
    const session = join(REPO, "src", "docker", "ssh", "session.ts");
    await writeFile(
      script,
      [
        // The script lives outside the repository: dockerode is imported by path.
        `import Docker from ${JSON.stringify(join(REPO, "node_modules", "dockerode", "lib", "docker.js"))};`,
        `import { sshHttpAgent, sshSession } from ${JSON.stringify(session)};`,
        `const target = ${JSON.stringify(target)};`,
        `await (await sshSession(target)).exec("true");`,
        `await new Docker({ protocol: "http", host: "docker", port: 80, agent: sshHttpAgent(target) }).ping();`,
        `console.log(String(Date.now()));`,
        "",
      ].join("\n"),
    );
    const result = await execa(join(REPO, "node_modules", ".bin", "tsx"), [script], { cwd: REPO, timeout: 30_000, reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const lingerMs = Date.now() - Number(result.stdout.trim());
    expect(lingerMs).toBeLessThan(1_000);
  });

  it("rebound audit -H ssh:// reads the remote daemon with the user's ~/.ssh, and an unknown host key exits 3 in one line", async () => {
    // A HOME of its own: ~/.ssh/id_ed25519 is the default key, ~/.ssh/known_hosts the default file; no agent.
    const home = join(scratch, "home");
    await mkdir(join(home, ".ssh"), { recursive: true, mode: 0o700 });
    await copyFile(host.identityFile, join(home, ".ssh", "id_ed25519"));
    await writeFile(join(home, ".ssh", "known_hosts"), `${host.hostKeyLine}\n`);
    const env = { HOME: home, SSH_AUTH_SOCK: "", DOCKER_HOST: "", DOCKER_CONTEXT: "", REBOUND_HOME: join(scratch, "rebound-home") };
    const url = `ssh://root@${host.address}:22`;
    const before = await host.acceptedConnections();
    const started = performance.now();
    const audit = await rebound(["audit", "-H", url], env, 60_000);
    const auditMs = performance.now() - started;
    expect([0, 1], audit.stderr).toContain(audit.exitCode);
    expect(audit.stdout).toContain(url);
    // The audit's API calls and any control commands share one connection.
    expect(await host.acceptedConnections()).toBe(before + 1);
    console.log(`rebound audit -H ${url}: exit ${audit.exitCode} in ${auditMs.toFixed(0)} ms`);

    await writeFile(join(home, ".ssh", "known_hosts"), "");
    const refused = await rebound(["audit", "-H", url], env, 60_000);
    expect(refused.exitCode).toBe(3);
    const message = refused.stderr.trim().split("\n")[0]!;
    expect(message).toContain(`${url}: host key ED25519 ${hostFingerprint} is not in ${join(home, ".ssh", "known_hosts")}`);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(refused.stderr).toContain(`ssh-keyscan -p 22 ${host.address} >> ~/.ssh/known_hosts after checking the fingerprint`);
  });
});
