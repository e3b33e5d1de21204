// The fake systemd's one service unit: docker.service run under the stock unit's rules (start limit, Restart=always).
//
// Rules from moby's contrib/init/systemd/docker.service: Type=notify, Restart=always, RestartSec=2,
// StartLimitBurst=3, StartLimitInterval=60s, KillMode=process. Stop: SIGTERM to the main PID, SIGKILL after
// TimeoutStopSec. The stock unit says TimeoutSec=0 (no start or stop timeout); Debian's docker.io unit sets only
// TimeoutStartSec=0, so its stop timeout is systemd's default 90 s: we use 90 s for stop and none for start.
// State names and transitions follow systemd's service.c (auto-restart is ActiveState=activating, the start rate
// limit is a fixed window opened by the first start, reset-failed clears it and NRestarts).
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";

export const RULES = { restartSec: 2, startLimitBurst: 3, startLimitIntervalSec: 60, timeoutStopSec: 90 };

const monotonicUsec = () => process.hrtime.bigint() / 1000n;

/** systemd's timestamp format: "Wed 2026-12-02 21:50:01 UTC" (this host's zone is UTC). */
export function formatTimestamp(date) {
  if (date === undefined) return "";
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][date.getUTCDay()];
  return `${day} ${date.toISOString().slice(0, 10)} ${date.toISOString().slice(11, 19)} UTC`;
}

/** dockerd answers GET /_ping on its socket: our stand-in for Type=notify's READY=1. */
function ping(socketPath) {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/_ping", timeout: 500 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("error", () => resolve(false));
    req.on("timeout", () => req.destroy());
    req.end();
  });
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

export class Unit {
  /** @param {{ command: string, args: string[], socket: string, logFd: number, journal: (line: string) => void, staleFiles: string[] }} spec */
  constructor(spec) {
    this.spec = spec;
    this.activeState = "inactive";
    this.subState = "dead";
    this.result = "success";
    this.child = undefined;
    this.nRestarts = 0;
    this.limit = { begin: undefined, num: 0 };
    this.times = {};
    this.exec = { pid: 0, code: 0, status: 0 };
    this.restartTimer = undefined;
    this.waiters = [];
  }

  get mainPid() {
    return this.child?.pid ?? 0;
  }

  setState(active, sub) {
    const now = { wall: new Date(), mono: monotonicUsec() };
    if (active !== this.activeState) {
      if (active === "active") this.times.activeEnter = now;
      if (this.activeState === "active") this.times.activeExit = now;
      if (active === "inactive" || active === "failed") this.times.inactiveEnter = now;
      if (this.activeState === "inactive" || this.activeState === "failed") this.times.inactiveExit = now;
    }
    this.activeState = active;
    this.subState = sub;
    this.times.stateChange = now;
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  changed() {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** systemd's RateLimit: a window opened by the first start; at most `burst` starts inside it. */
  startAllowed() {
    const now = Date.now();
    if (this.limit.begin === undefined || now - this.limit.begin > RULES.startLimitIntervalSec * 1000) {
      this.limit = { begin: now, num: 0 };
    }
    if (this.limit.num >= RULES.startLimitBurst) return false;
    this.limit.num++;
    return true;
  }

  /** `systemctl start`: resolves with an error message for systemctl, or undefined once the unit is active. */
  async start() {
    while (this.activeState === "deactivating") await this.changed();
    if (this.activeState === "active") return undefined;
    if (this.subState === "start") return this.untilStarted();
    // A user's start from a fully stopped unit begins a new NRestarts count (systemd's flush_n_restarts).
    if (this.activeState === "inactive" || this.activeState === "failed") this.nRestarts = 0;
    this.cancelRestart();
    return this.launch();
  }

  async launch() {
    if (!this.startAllowed()) {
      this.spec.journal("docker.service: Start request repeated too quickly.");
      this.spec.journal("docker.service: Failed with result 'start-limit-hit'.");
      this.result = "start-limit-hit";
      this.setState("failed", "failed");
      return "start-limit-hit";
    }
    this.cleanStaleFiles();
    this.result = "success";
    this.spec.journal("Starting Docker Application Container Engine...");
    const child = spawn(this.spec.command, this.spec.args, { stdio: ["ignore", this.spec.logFd, this.spec.logFd] });
    this.child = child;
    this.times.execMainStart = { wall: new Date(), mono: monotonicUsec() };
    this.exec = { pid: child.pid ?? 0, code: 0, status: 0 };
    child.on("error", (error) => this.spec.journal(`docker.service: exec failed: ${error.message}`));
    child.on("exit", (code, signal) => this.onExit(child, code, signal));
    this.setState("activating", "start");
    void this.watchReady(child);
    return this.untilStarted();
  }

  async untilStarted() {
    while (this.subState === "start") await this.changed();
    if (this.activeState === "active") return undefined;
    return "failed";
  }

  async watchReady(child) {
    while (this.child === child && this.subState === "start") {
      if (await ping(this.spec.socket)) {
        if (this.child === child && this.subState === "start") {
          this.spec.journal("Started Docker Application Container Engine.");
          this.setState("active", "running");
        }
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  onExit(child, code, signal) {
    if (this.child !== child) return;
    this.child = undefined;
    this.exec = { pid: child.pid ?? 0, code: signal ? 2 : 1, status: signal ? (signalNumber(signal) ?? 0) : (code ?? 0) };
    if (this.activeState === "deactivating") {
      this.spec.journal(`docker.service: Deactivated successfully.`);
      this.setState("inactive", "dead");
      return;
    }
    // Neither asked for nor expected: Restart=always brings it back after RestartSec, whatever the cause.
    this.result = signal ? "signal" : code === 0 ? "success" : "exit-code";
    this.spec.journal(`docker.service: Main process exited, ${signal ? `code=killed, status=${signalNumber(signal)}/${signal.slice(3)}` : `code=exited, status=${code}`}`);
    if (this.result !== "success") this.spec.journal(`docker.service: Failed with result '${this.result}'.`);
    this.setState("activating", "auto-restart");
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      // Counted when the restart job is queued, even if the start limit then refuses it (systemd's service.c).
      this.nRestarts++;
      this.spec.journal(`docker.service: Scheduled restart job, restart counter is at ${this.nRestarts}.`);
      void this.launch();
    }, RULES.restartSec * 1000);
  }

  cancelRestart() {
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
  }

  /** `systemctl stop`: SIGTERM to the main process only (KillMode=process), SIGKILL after TimeoutStopSec. */
  async stop() {
    if (this.subState === "auto-restart") {
      this.cancelRestart();
      this.setState("inactive", "dead");
      return;
    }
    if (this.activeState === "inactive" || this.activeState === "failed") return;
    const child = this.child;
    if (this.activeState !== "deactivating" && child !== undefined) {
      this.spec.journal("Stopping Docker Application Container Engine...");
      this.setState("deactivating", "stop-sigterm");
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        this.spec.journal("docker.service: State 'stop-sigterm' timed out. Killing.");
        this.result = "timeout";
        this.subState = "final-sigkill";
        child.kill("SIGKILL");
      }, RULES.timeoutStopSec * 1000);
      child.once("exit", () => clearTimeout(timer));
    }
    while (this.activeState === "deactivating") await this.changed();
  }

  /** `systemctl reset-failed`: failed -> inactive, and the start limit and NRestarts start over. */
  resetFailed() {
    this.spec.journal("docker.service: reset-failed: start limit and restart counter cleared.");
    if (this.activeState === "failed") this.setState("inactive", "dead");
    this.result = "success";
    this.nRestarts = 0;
    this.limit = { begin: undefined, num: 0 };
  }

  /**
   * Not systemd's job but this harness's: dockerd's own pidfile and its containerd's outlive a SIGKILL, and a dead
   * (or unreaped) pid in them stops the next start. A real host's containerd is a unit of its own.
   */
  cleanStaleFiles() {
    for (const file of this.spec.staleFiles) {
      if (!existsSync(file)) continue;
      const pid = Number.parseInt(readFileSync(file, "utf8").trim(), 10);
      if (!Number.isInteger(pid) || !processAlive(pid)) rmSync(file, { force: true });
    }
  }
}

function signalNumber(signal) {
  return { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGABRT: 6, SIGKILL: 9, SIGSEGV: 11, SIGPIPE: 13, SIGTERM: 15 }[signal];
}
