// A private dockerd that rebound starts and owns: its own socket, data-root, exec-root, pidfile, config file and
// containerd namespaces, no default bridge, so it never touches a Docker daemon the user already runs.
import { spawn } from "node:child_process";
import { closeSync, fstatSync, openSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { environmentError } from "../errors.js";
import { pingSocket } from "./api-ping.js";
import { mountsUnder, unmountIfMounted } from "./mounts.js";
import type { DaemonController, DaemonStatus } from "./controller.js";
import { sandboxPaths, shortHash, type SandboxPaths } from "./paths.js";
import { isContainerdStartTimeout, isIptablesStartRace, startRetryDelayMs } from "./start-race.js";
import { ensureNodeNetwork, type NodeNetworkSpec } from "./node-network.js";
import { commandLine, isAlive, readPidfile, shimPids, shimsAlive, waitFor } from "./process-info.js";

export interface SandboxOptions {
  liveRestore: boolean;
  /** dockerd --shutdown-timeout: seconds a container gets to stop when the daemon stops. */
  shutdownTimeout: number;
}

export interface SandboxSpec {
  name: string;
  options: SandboxOptions;
  /** Who asked for it, for `rebound engine status`. */
  owner?: { profile: string; host: string };
  /** A Swarm node: dockerd runs in this network namespace of its own (made on start), not the host's. */
  node?: NodeNetworkSpec;
}

const READY_TIMEOUT_MS = 60_000;
const START_ATTEMPTS = 3;
const CONTAINERD_EXIT_WAIT_MS = 5_000;

export class SandboxDaemon implements DaemonController {
  readonly paths: SandboxPaths;

  constructor(
    readonly spec: SandboxSpec,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.paths = sandboxPaths(spec.name, env);
  }

  get name(): string {
    return this.spec.name;
  }

  get endpoint(): string {
    return `unix://${this.paths.socket}`;
  }

  /** dockerd's arguments; the same on every start so a restarted daemon is the same host. */
  args(): string[] {
    const ns = `rb${shortHash(this.paths.dir, 8)}`;
    const { options } = this.spec;
    return [
      `--host=${this.endpoint}`,
      `--data-root=${this.paths.dataRoot}`,
      `--exec-root=${this.paths.execRoot}`,
      `--pidfile=${this.paths.pidfile}`,
      `--config-file=${this.paths.configFile}`,
      // No docker0: the default bridge would be shared with (and fight over) the user's own daemon.
      "--bridge=none",
      "--ip-masq=false",
      `--containerd-namespace=${ns}`,
      `--containerd-plugins-namespace=${ns}p`,
      `--shutdown-timeout=${options.shutdownTimeout}`,
      ...(options.liveRestore ? ["--live-restore"] : []),
    ];
  }

  async pid(): Promise<number | undefined> {
    const pid = await readPidfile(this.paths.pidfile);
    if (pid === undefined || !isAlive(pid)) return undefined;
    // A recycled pid must not be mistaken for our daemon.
    const cmd = await commandLine(pid);
    return cmd?.some((arg) => arg.includes(this.paths.socket)) ? pid : undefined;
  }

  async status(): Promise<DaemonStatus> {
    const pid = await this.pid();
    const running = pid !== undefined && (await pingSocket(this.paths.socket));
    return { name: this.name, running, pid, endpoint: this.endpoint };
  }

  async start(): Promise<void> {
    const running = await this.pid();
    if (running !== undefined) {
      if (await pingSocket(this.paths.socket)) return;
      // Alive but not answering: it is still shutting down (its API closes first) or still starting. Starting
      // a second one now would fail on its pidfile, so wait for the first to finish either way.
      const bound = Math.max(60_000, this.spec.options.shutdownTimeout * 1_000 + 30_000);
      const settled = await waitFor(async () => !isAlive(running) || (await pingSocket(this.paths.socket)), bound, 200);
      if (!settled) throw environmentError(`sandbox daemon ${this.name} (pid ${running}) neither answers nor exits`, `see ${this.paths.logFile}`);
      if (isAlive(running)) return;
    }
    await this.prepare();
    if (this.spec.node) await ensureNodeNetwork(this.spec.node);
    for (let attempt = 1; ; attempt++) {
      const failure = await this.spawnAndWait();
      if (failure === undefined) return;
      if (!(isIptablesStartRace(failure) || isContainerdStartTimeout(failure)) || attempt >= START_ATTEMPTS) {
        throw environmentError(`sandbox daemon ${this.name} did not start: ${failure}`, `see ${this.paths.logFile}`);
      }
      await new Promise((resolve) => setTimeout(resolve, startRetryDelayMs(attempt)));
    }
  }

  async stop(timeoutMs?: number): Promise<void> {
    const pid = await this.pid();
    if (pid === undefined) return;
    process.kill(pid, "SIGTERM");
    // Every container gets shutdownTimeout to stop, one after another in the worst case, then dockerd cleans up.
    const bound = timeoutMs ?? Math.max(60_000, this.spec.options.shutdownTimeout * 1_000 + 30_000);
    const gone = await waitFor(async () => !isAlive(pid) && (await readPidfile(this.paths.pidfile)) === undefined, bound, 200);
    if (!gone) {
      throw environmentError(`sandbox daemon ${this.name} (pid ${pid}) did not stop within ${Math.round(bound / 1000)} s`);
    }
    // With live-restore, containers may keep running off the data-root's mounts and the exec-root's sockets
    // until the daemon comes back: both stay while any of its shims lives. Otherwise nothing uses them.
    if (!(await shimsAlive(this.paths.execRoot))) {
      // A Swarm node's ingress and overlay sandboxes are namespace files bind-mounted under exec-root/netns;
      // dockerd can leave them behind, and each keeps a network namespace (and its interfaces) alive.
      for (const point of await mountsUnder(join(this.paths.execRoot, "netns"))) await unmountIfMounted(point);
      await unmountIfMounted(this.paths.dataRoot);
      await rm(this.paths.runDir, { recursive: true, force: true });
    }
  }

  async kill(): Promise<void> {
    const pid = await this.pid();
    if (pid === undefined) return;
    process.kill(pid, "SIGKILL");
    await waitFor(() => !isAlive(pid), 10_000, 50);
  }

  /** The containerd this daemon supervises; undefined when it uses one it does not own (the system's). */
  async containerdPid(): Promise<number | undefined> {
    const pid = await readPidfile(join(this.paths.execRoot, "containerd", "containerd.pid"));
    return pid !== undefined && isAlive(pid) ? pid : undefined;
  }

  async shimPids(): Promise<number[]> {
    return shimPids(this.paths.execRoot);
  }

  private async prepare(): Promise<void> {
    await mkdir(this.paths.dataRoot, { recursive: true });
    await mkdir(this.paths.runDir, { recursive: true });
    // Our own (empty) config file: the default /etc/docker/daemon.json belongs to the user's daemon.
    await writeFile(this.paths.configFile, "{}\n", { flag: "wx" }).catch(() => undefined);
    await writeFile(this.paths.specFile, JSON.stringify({ ...this.spec, paths: this.paths }, null, 2) + "\n");
    // A daemon that crashed leaves its pidfile, and dockerd refuses to start over one ("pid file found").
    if ((await readPidfile(this.paths.pidfile)) !== undefined && (await this.pid()) === undefined) {
      await rm(this.paths.pidfile, { force: true });
    }
    // dockerd starts its containerd with a parent-death signal (SIGKILL), so after a crash the old one is on its
    // way out, and dockerd trusts its pidfile: it would wait on a dying (or zombie) process that never answers and
    // give up after 15 s (seen right after a crash). Wait for it to go; one that still runs after that is reused.
    const containerdPidfile = join(this.paths.execRoot, "containerd", "containerd.pid");
    const containerdPid = await readPidfile(containerdPidfile);
    if (containerdPid !== undefined && isAlive(containerdPid)) await waitFor(async () => !isAlive(containerdPid), CONTAINERD_EXIT_WAIT_MS, 50);
    if (containerdPid !== undefined && !isAlive(containerdPid)) await rm(containerdPidfile, { force: true });
  }

  /** Returns undefined once the API answers, or the reason it will not. */
  private async spawnAndWait(): Promise<string | undefined> {
    const logFd = openSync(this.paths.logFile, "a");
    const logStart = fstatSync(logFd).size;
    // nsenter only enters the network namespace (ip netns exec would also remount /sys, hiding the cgroups
    // dockerd needs) and then becomes dockerd: the pid is dockerd's.
    const node = this.spec.node;
    const [file, args] = node ? ["nsenter", [`--net=/run/netns/${node.netns}`, "dockerd", ...this.args()]] : ["dockerd", this.args()];
    const child = spawn(file, args, { detached: true, stdio: ["ignore", logFd, logFd] });
    closeSync(logFd);
    let exited: string | undefined;
    child.on("error", (error) => (exited = error.message));
    child.on("exit", (code, signal) => (exited = `dockerd exited (${signal ?? `code ${code}`})`));
    child.unref();
    const ready = await waitFor(async () => exited !== undefined || (await pingSocket(this.paths.socket, 500)), READY_TIMEOUT_MS, 100);
    if (exited !== undefined) return `${exited}: ${await this.failureLine(logStart)}`;
    if (!ready) return `no answer on ${this.paths.socket} after ${READY_TIMEOUT_MS / 1000} s`;
    return undefined;
  }

  /** Why this attempt failed, from what it wrote to the log (the file keeps every earlier start's lines too). */
  private async failureLine(from: number): Promise<string> {
    const log = (await readFile(this.paths.logFile).catch(() => Buffer.alloc(0))).subarray(from).toString("utf8");
    const lines = log.trim().split("\n");
    // dockerd prints its last words plain ("failed to start containerd: ..."), after logrus lines at level=error.
    const pick = (pattern: RegExp) => lines.filter((line) => pattern.test(line)).pop();
    const line = pick(/^failed to start|failed to start daemon|level=fatal/) ?? pick(/level=error/) ?? lines.pop() ?? "";
    return line.slice(0, 300);
  }

}
