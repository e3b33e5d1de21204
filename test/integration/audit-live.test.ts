// rebound audit on a real sandbox daemon: containers under every restart policy, with state on a volume, in the
// container filesystem, on an anonymous volume and on tmpfs; exactly the expected findings, and nothing changed.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execa } from "execa";
import { daemonRules } from "../../src/audit/rules-daemon.js";
import { SandboxDaemon } from "../../src/daemon/sandbox-daemon.js";
import { ensureFixtureImage } from "../fixtures/audit/fixture-image.js";
import { isolatedHome, rebound, requireDockerEngine } from "../support/cli.js";
import { eventually } from "../support/poll.js";

const home = isolatedHome("audit-live");
const daemon = new SandboxDaemon({ name: "auditlive-a", options: { liveRestore: false, shutdownTimeout: 10 } });
const EP = daemon.endpoint;
const docker = (...args: string[]) => execa("docker", ["-H", EP, ...args], { timeout: 60_000 });
// A process that persists nothing and exits 0 on SIGTERM, as a well-behaved daemon does.
const GOOD = ["--entrypoint", "/usr/bin/node", "IMAGE", "-e", "process.on('SIGTERM',()=>process.exit(0));console.log('ready');setInterval(()=>{},1<<30)"];

interface Spec {
  name: string;
  args: string[];
  /** How it ends up: stopped with docker stop after it started. */
  stop?: boolean;
  sleeper?: boolean;
}

const SPECS: Spec[] = [
  { name: "pol-no", args: ["--restart", "no", "-v", "pol-no-data:/data"] },
  { name: "pol-always", args: ["--restart", "always", "-v", "pol-always-data:/data", "--label", "com.docker.compose.project=shop"] },
  { name: "pol-unless", args: ["--restart", "unless-stopped", "-v", "pol-unless-data:/data"] },
  { name: "pol-onfail", args: ["--restart", "on-failure:3", "-v", "pol-onfail-data:/data"] },
  { name: "state-fs", args: ["--restart", "unless-stopped"] },
  { name: "state-anon", args: ["--restart", "unless-stopped", "-v", "/data"] },
  { name: "state-tmpfs", args: ["--restart", "unless-stopped", "--tmpfs", "/data"] },
  { name: "stopped", args: ["--restart", "unless-stopped", "-v", "stopped-data:/data"], stop: true },
  { name: "always-stopped", args: ["--restart", "always", "-v", "always-stopped-data:/data"], stop: true },
  { name: "no-health", args: ["--restart", "unless-stopped", "-v", "no-health-data:/data", "--no-healthcheck"] },
  { name: "short-stop", args: ["--restart", "unless-stopped", "-v", "short-stop-data:/data", "--stop-timeout", "2"] },
  // sleep as PID 1 ignores SIGTERM: docker stop ends in SIGKILL after the 5 s stop timeout.
  { name: "killed", args: ["--restart", "unless-stopped", "-v", "killed-data:/data", "--stop-timeout", "5"], stop: true, sleeper: true },
];

const EXPECTED = [
  `daemon ${EP}: live-restore-off`,
  "container killed: killed-on-stop",
  "container killed: unless-stopped-user-stopped",
  "container no-health: no-healthcheck",
  "container pol-no: restart-policy-none",
  "container pol-onfail: restart-on-failure-exit-zero",
  "container short-stop: stop-grace-period-short",
  "container state-anon: state-in-anonymous-volume",
  "container state-fs: state-in-container-fs",
  "container state-tmpfs: state-in-tmpfs",
  "container stopped: unless-stopped-user-stopped",
];

async function snapshot(): Promise<string> {
  const ids = (await docker("ps", "-aq")).stdout.split("\n").filter(Boolean);
  const inspect = JSON.parse((await docker("inspect", ...ids)).stdout) as { Name: string; State: unknown; HostConfig: { RestartPolicy: unknown }; RestartCount: number }[];
  const volumes = (await docker("volume", "ls", "-q")).stdout;
  // Health moves on by itself (Docker's own probes: status, streak, log); anything audit could do to a container shows
  // in its status, pid, start and finish times, restart count or policy.
  const state = (s: unknown) => Object.fromEntries(Object.entries(s as Record<string, unknown>).filter(([key]) => key !== "Health"));
  return JSON.stringify({ containers: inspect.map((c) => [c.Name, state(c.State), c.HostConfig.RestartPolicy, c.RestartCount]), volumes });
}

const audit = (...args: string[]) => rebound(["audit", "-H", EP, "--label", "audit-test=live", ...args], home.env);

beforeAll(async () => {
  await requireDockerEngine();
  await daemon.start();
  const image = await ensureFixtureImage(EP);
  await Promise.all(
    SPECS.map(async (spec) => {
      const command = spec.sleeper ? [image] : GOOD.map((a) => (a === "IMAGE" ? image : a));
      await docker("run", "-d", "--name", spec.name, "--network", "none", "--label", "audit-test=live", ...spec.args, ...command);
    }),
  );
  // Stop only once node has its SIGTERM handler; before that, PID 1 ignores SIGTERM and would be killed.
  const stopped = SPECS.filter((s) => s.stop);
  await Promise.all(stopped.filter((s) => !s.sleeper).map((s) => eventually(`${s.name} ready`, async () => (await docker("logs", s.name)).stdout, (out) => out.includes("ready"), 30_000, 100)));
  await Promise.all(stopped.map((s) => docker("stop", s.name)));
});

afterAll(async () => {
  await docker("rm", "-f", ...SPECS.map((s) => s.name)).catch(() => undefined);
  await docker("volume", "prune", "-f").catch(() => undefined);
  await daemon.stop();
  await home.remove();
});

describe("rebound audit on live containers", () => {
  it("reports exactly the expected findings, and exits 1 on the errors", async () => {
    const result = await audit("--json");
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stderr).toContain("audit: 2 finding(s) at or above error");
    const report = JSON.parse(result.stdout) as { findings: { rule: string; object: { kind: string; name: string } }[]; summary: { objects: number } };
    expect(report.findings.map((f) => `${f.object.kind} ${f.object.name}: ${f.rule}`).sort()).toEqual([...EXPECTED].sort());
    expect(report.summary.objects).toBe(SPECS.length + 1);
  });

  it("gives the exact docker update command for a container without a policy", async () => {
    const result = await audit("--fix", "--fail-on", "never");
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout.split("\n")).toContain(`docker -H ${EP} update --restart unless-stopped pol-no`);
    expect(result.stdout.split("\n")).toContain(`docker -H ${EP} update --restart unless-stopped pol-onfail`);
  });

  it("filters by compose project and by name", async () => {
    const project = JSON.parse((await audit("--project", "shop", "--json", "--fail-on", "never")).stdout) as { sources: string[] };
    expect(project.sources[0]).toMatch(/: 1 containers$/);
    const named = JSON.parse((await audit("--name", "pol-", "--json", "--fail-on", "never")).stdout) as { findings: { object: { name: string } }[] };
    expect(new Set(named.findings.map((f) => f.object.name))).toEqual(new Set([EP, "pol-no", "pol-onfail"]));
  });

  it("writes JUnit with one testcase per object and rule", async () => {
    const file = join(home.home, "audit.xml");
    const result = await audit("--junit", file);
    expect(result.exitCode).toBe(1);
    const xml = readFileSync(file, "utf8");
    // Ten workload rules per container, and each daemon rule once for the daemon.
    expect(xml.match(/<testcase /g)!.length).toBe(SPECS.length * 10 + daemonRules.rules.length);
    expect(xml.match(/<failure type="error"/g)).toHaveLength(2);
  });

  it("changes nothing: every container, its state, policy and restart count, and the volumes stay as they were", async () => {
    const before = await snapshot();
    await audit("--json");
    await audit("--fix");
    expect(await snapshot()).toBe(before);
  });

  it("finds the sandbox daemons rebound started with --sandbox", async () => {
    const result = await rebound(["audit", "--sandbox", "--label", "audit-test=live", "--json", "--fail-on", "never"], home.env);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { sources: string[] }).sources).toEqual([`docker ${EP} (sandbox daemon), Docker ${(await docker("version", "-f", "{{.Server.Version}}")).stdout}: ${SPECS.length} containers`]);
  });

  it("names an endpoint that does not answer, exit 3", async () => {
    const result = await rebound(["audit", "-H", "unix:///nonexistent/docker.sock"], home.env);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain("Docker endpoint unix:///nonexistent/docker.sock does not answer");
  });
});
