// rebound audit against a real tcp+TLS dockerd of the test's own (certificates made here with openssl): -H with
// the right CA reads it, the wrong CA or no client certificate is one line and exit 3, and a Docker context made
// with `docker context create` is found by --context, DOCKER_CONTEXT and `docker context use`.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { contextId } from "../../src/docker/contexts.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import { resolveEndpoint } from "../../src/docker/endpoint.js";
import type { RunResult } from "../../src/run/result.js";
import { makeCerts, type Certs } from "../support/endpoint-certs.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";
import { eventually } from "../support/poll.js";

const home = isolatedHome("endpoint-tls");
const dir = mkdtempSync(join(tmpdir(), "rebound-endpoint-tls-"));
const socket = join(dir, "docker.sock");
const dockerConfig = join(dir, "docker-config");
let certs: Certs;
let port = 0;
let dockerd: ChildProcess | undefined;

/** A port nobody listens on right now, on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port: found } = server.address() as { port: number };
      server.close(() => resolve(found));
    });
  });
}

/** The daemon's own args, as src/daemon/sandbox-daemon.ts: nothing shared with another daemon on this machine. */
function args(): string[] {
  return [
    `--host=unix://${socket}`,
    `--host=tcp://127.0.0.1:${port}`,
    "--tlsverify",
    `--tlscacert=${certs.ca}`,
    `--tlscert=${certs.serverCert}`,
    `--tlskey=${certs.serverKey}`,
    `--data-root=${join(dir, "data")}`,
    `--exec-root=${join(dir, "exec")}`,
    `--pidfile=${join(dir, "docker.pid")}`,
    `--config-file=${join(dir, "daemon.json")}`,
    "--bridge=none",
    "--ip-masq=false",
    "--containerd-namespace=rbendpointtls",
    "--containerd-plugins-namespace=rbendpointtlsp",
  ];
}

const env = (extra: Record<string, string> = {}) => ({ ...home.env, DOCKER_HOST: "", DOCKER_CONTEXT: "", DOCKER_TLS_VERIFY: "", DOCKER_CERT_PATH: "", DOCKER_CONFIG: dockerConfig, ...extra });
const url = () => `tcp://127.0.0.1:${port}`;
const sources = (stdout: string) => (JSON.parse(stdout) as { sources: string[] }).sources;

beforeAll(async () => {
  await requireDockerEngine();
  certs = await makeCerts(join(dir, "certs"));
  port = await freePort();
  writeFileSync(join(dir, "daemon.json"), "{}\n");
  mkdirSync(dockerConfig, { recursive: true });
  const log = openSync(join(dir, "dockerd.log"), "a");
  dockerd = spawn("dockerd", args(), { stdio: ["ignore", log, log] });
  const answers = async () => {
    if (dockerd?.exitCode !== null) throw new Error(`dockerd exited: ${readFileSync(join(dir, "dockerd.log"), "utf8").slice(-2000)}`);
    return (await execa("docker", ["-H", `unix://${socket}`, "version"], { timeout: 10_000, reject: false })).exitCode === 0;
  };
  await eventually("the test's dockerd answers", answers, Boolean, 60_000);
}, 120_000);

afterAll(async () => {
  // A profile the last test left up (it failed half-way): its containers, network and claims, while TLS still answers.
  if (certs !== undefined) await rebound(["down", "tls-fleet", "--volumes"], env());
  // Stop the daemon (it stops its own containerd), SIGKILL after 20 s, then its containerd if it was left behind.
  if (dockerd && dockerd.exitCode === null) {
    const exited = new Promise((resolve) => dockerd!.once("exit", resolve));
    dockerd.kill("SIGTERM");
    const timer = setTimeout(() => dockerd!.kill("SIGKILL"), 20_000);
    await exited;
    clearTimeout(timer);
  }
  const containerdPid = join(dir, "exec", "containerd", "containerd.pid");
  if (existsSync(containerdPid)) {
    const pid = Number(readFileSync(containerdPid, "utf8").trim());
    if (pid > 0) process.kill(pid, "SIGKILL");
  }
  const mounts = readFileSync("/proc/self/mountinfo", "utf8").split("\n").map((line) => line.split(" ")[4] ?? "").filter((point) => point.startsWith(`${dir}/`));
  for (const point of mounts.sort().reverse()) await execa("umount", ["-l", point], { reject: false });
  await rm(dir, { recursive: true, force: true });
  await home.remove();
}, 60_000);

describe("tcp+TLS with -H", () => {
  it("reads the daemon through the CA, client certificate and key given", async () => {
    const result = await rebound(["audit", "-H", url(), "--tls-ca", certs.ca, "--tls-cert", certs.clientCert, "--tls-key", certs.clientKey, "--json"], env());
    expect([0, 1], result.stderr).toContain(result.exitCode);
    expect(sources(result.stdout)).toEqual([expect.stringMatching(new RegExp(`^docker ${url()} \\(-H; TLS verified against ${certs.ca}\\), Docker \\S+: 0 containers$`))]);
    expect(JSON.parse(result.stdout).checks).toContainEqual(expect.objectContaining({ object: `daemon ${url()}` }));
  });

  it("the wrong CA is exit 3 with one line naming the endpoint and the CA file", async () => {
    const result = await rebound(["audit", "-H", url(), "--tls-ca", certs.wrongCa, "--tls-cert", certs.clientCert, "--tls-key", certs.clientKey], env());
    expect(result.exitCode).toBe(3);
    const lines = result.stderr.split("\n").filter(Boolean);
    expect(lines[0]).toBe(`error: Docker daemon at ${url()}: its TLS certificate did not verify against the CA file ${certs.wrongCa} (unable to verify the first certificate)`);
    expect(lines.slice(1), result.stderr).toEqual([expect.stringMatching(/^  hint: /)]);
  });

  it("no TLS files for a TLS daemon is exit 3, saying it speaks TLS", async () => {
    const result = await rebound(["audit", "-H", url()], env());
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr.split("\n")[0]).toBe(`error: Docker daemon at ${url()} speaks TLS, and rebound was given no TLS files for it`);
  });

  it("no client certificate for a --tlsverify daemon is exit 3, saying the daemon refused it", async () => {
    const result = await rebound(["audit", "-H", url(), "--tls-ca", certs.ca], env());
    expect(result.exitCode, result.stderr).toBe(3);
    expect(result.stderr.split("\n")[0]).toBe(`error: Docker daemon at ${url()} refused the connection: it wants a client certificate and none was given (sslv3 alert bad certificate)`);
    expect(result.stderr.split("\n").filter(Boolean)).toHaveLength(2);
  });
});

describe("DockerodeEngine on a resolved tcp+TLS endpoint (what experiments use)", () => {
  it("answers through the right CA; the wrong CA is an environment error naming the CA file", async () => {
    const client = { cert: certs.clientCert, key: certs.clientKey };
    const engine = new DockerodeEngine(resolveEndpoint({ host: url(), tls: { ca: certs.ca, ...client }, source: "profile" }, {}));
    expect(engine.endpoint).toBe(url());
    expect((await engine.version()).apiVersion).toMatch(/^1\.\d+$/);
    const wrong = new DockerodeEngine(resolveEndpoint({ host: url(), tls: { ca: certs.wrongCa, ...client }, source: "profile" }, {}));
    await expect(wrong.version()).rejects.toMatchObject({ exitCode: 3, message: `Docker daemon at ${url()}: its TLS certificate did not verify against the CA file ${certs.wrongCa} (unable to verify the first certificate)` });
    await expect(wrong.ping()).rejects.toMatchObject({ exitCode: 3, message: expect.stringContaining("did not verify against the CA file") });
  });
});

describe("Docker contexts made by docker context create", () => {
  beforeAll(async () => {
    await execa("docker", ["--config", dockerConfig, "context", "create", "t1", "--docker", `host=${url()},ca=${certs.ca},cert=${certs.clientCert},key=${certs.clientKey}`], { timeout: 30_000 });
  });

  it("--context reads the daemon through the context's own TLS files", async () => {
    const result = await rebound(["audit", "--context", "t1", "--json"], env());
    expect([0, 1], result.stderr).toContain(result.exitCode);
    const tlsCa = join(dockerConfig, "contexts", "tls", contextId("t1"), "docker", "ca.pem");
    expect(sources(result.stdout)).toEqual([`docker ${url()} (context "t1", via --context; TLS verified against ${tlsCa}), Docker ${sources(result.stdout)[0]!.split("Docker ")[1]}`]);
  });

  it("with no source flag: DOCKER_CONTEXT, then the current context set by docker context use", async () => {
    const viaEnv = await rebound(["audit", "--json", "--fail-on", "never"], env({ DOCKER_CONTEXT: "t1" }));
    expect(viaEnv.exitCode, viaEnv.stderr).toBe(0);
    expect(sources(viaEnv.stdout)[0]).toMatch(new RegExp(`^docker ${url()} \\(context "t1", via DOCKER_CONTEXT; TLS verified`));
    await execa("docker", ["--config", dockerConfig, "context", "use", "t1"], { timeout: 30_000 });
    const viaConfig = await rebound(["audit", "--json", "--fail-on", "never"], env());
    expect(viaConfig.exitCode, viaConfig.stderr).toBe(0);
    expect(sources(viaConfig.stdout)[0]).toMatch(new RegExp(`^docker ${url()} \\(context "t1", via current context; TLS verified`));
    // DOCKER_HOST still wins over the current context, as in docker.
    const viaHost = await rebound(["audit", "--json", "--fail-on", "never"], env({ DOCKER_HOST: `unix://${socket}` }));
    expect(sources(viaHost.stdout)[0]).toMatch(new RegExp(`^docker unix://${socket} \\(DOCKER_HOST\\), Docker`));
  }, 120_000);

  it("a daemon fault on a profile host whose context is tcp+TLS is exit 2 at the fault, once the run has read the context", async () => {
    const profile = join(dir, "ctx-daemon.yaml");
    writeFileSync(
      profile,
      ["name: ctx-daemon", "hosts:", "  c: { context: t1 }", "smeshers:", "  - { group: s, count: 1, units: 10, host: c }", "poets:", "  - { group: p, host: c }", "method:", "  - { fault: daemon-restart, target: { host: c }, at: { after: 1 } }", ""].join("\n"),
    );
    const result = await rebound(["run", profile, "--allow-daemon-faults"], env());
    expect(result.exitCode, result.stderr).toBe(2);
    expect(result.stderr.trim().split("\n")).toEqual([
      `error: ${profile}:9:14: method[0].fault: daemon-restart on host c (context t1 (tcp://)) needs an ssh:// endpoint: rebound stops, kills and starts an existing engine's daemon over ssh, never through the Docker API`,
    ]);
    expect(await execa("docker", ["-H", `unix://${socket}`, "ps", "-aq"]).then((r) => r.stdout)).toBe("");
  });

  it("an unknown context is exit 2, naming it and where it was looked for", async () => {
    const result = await rebound(["audit", "--context", "nope"], env());
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split("\n")[0]).toBe(`error: unknown Docker context "nope": no ${join(dockerConfig, "contexts", "meta", contextId("nope"))}/meta.json`);
  });

  it("-H and --context each name one more daemon to read (audit reads several)", async () => {
    const result = await rebound(["audit", "-H", `unix://${socket}`, "--context", "t1", "--json", "--fail-on", "never"], env());
    expect(result.exitCode, result.stderr).toBe(0);
    expect(sources(result.stdout).map((line) => line.split(" (")[0])).toEqual([`docker unix://${socket}`, `docker ${url()}`]);
  });
});

describe("a profile host over tcp+TLS (what experiments use)", () => {
  const docker = async (args: string[]) => (await execa("docker", ["-H", `unix://${socket}`, ...args], { timeout: 60_000 })).stdout.trim();
  const names = async () => (await docker(["ps", "-a", "--format", "{{.Names}}"])).split("\n").filter(Boolean).sort();

  /** TLS files named relative to the profile, as a user keeps them next to it. */
  function tlsProfile(): string {
    const path = join(dir, "tls-fleet.yaml");
    writeFileSync(
      path,
      [
        "name: tls-fleet",
        "hosts:",
        `  t: { endpoint: "${url()}", tls: { ca: ${relative(dir, certs.ca)}, cert: ${relative(dir, certs.clientCert)}, key: ${relative(dir, certs.clientKey)} } }`,
        'network: { layerSeconds: 1, layersPerEpoch: 10, hareThreshold: "1/2" }',
        "smeshers:",
        "  - { group: s, count: 3, units: 10, host: t, restart: unless-stopped, state: volume }",
        "poets:",
        "  - { group: p, count: 1, host: t, restart: unless-stopped, state: volume }",
        "steady: { verifiedLag: 2, forLayers: 5 }",
        "method:",
        // One of three smeshers: the other two hold more than half the weight, so consensus goes on.
        "  - { fault: restart, target: { name: tls-fleet-s-0 }, at: { layer: 15 } }",
        "end: { afterLayers: 10 }",
        "",
      ].join("\n"),
    );
    return path;
  }

  it("up, a container fault and down go through TLS; the user's container on the engine is watched and left alone", async () => {
    const profile = tlsProfile();
    const up = await rebound(["up", profile, "--json"], env());
    expect(up.exitCode, up.stderr).toBe(0);
    expect(await names()).toEqual(["tls-fleet-p-0", "tls-fleet-s-0", "tls-fleet-s-1", "tls-fleet-s-2"]);
    // The stand-in image reached the engine without a registry; the user's own container is made from it.
    const image = (JSON.parse(up.stdout) as { image: { tag: string } }).image.tag;
    await docker(["run", "-d", "--name", "user-app", "--network", "none", "--restart", "unless-stopped", "--entrypoint", "/usr/bin/node", image, "-e", "setInterval(() => {}, 1e9)"]);
    const started = await docker(["inspect", "-f", "{{.State.StartedAt}}", "user-app"]);
    const down = await rebound(["down", "tls-fleet", "--volumes"], env());
    expect(down.exitCode, down.stderr).toBe(0);
    expect(await names()).toEqual(["user-app"]);

    const json = join(dir, "tls-fleet.json");
    const run = await rebound(["run", profile, "--json", json], env(), 300_000);
    const result = JSON.parse(readFileSync(json, "utf8")) as RunResult;
    const verdicts = Object.fromEntries(result.verdicts.map((v) => [v.check, v.status]));
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(verdicts).toMatchObject({ "graceful-shutdown": "pass", "recovery-time": "pass", resume: "pass", "consensus-liveness": "pass", containment: "pass" });
    expect(result.verdicts.find((v) => v.check === "containment")!.value).toMatch(/^0 foreign event\(s\), 1 foreign container\(s\) watched/);
    // The run removed what it made; the user's container was never stopped or restarted.
    expect(await names()).toEqual(["user-app"]);
    expect(await docker(["inspect", "-f", "{{.State.Running}} {{.State.StartedAt}}", "user-app"])).toBe(`true ${started}`);
    await docker(["rm", "-f", "user-app"]);
  }, 420_000);
});
