// The Docker daemon of an existing machine, controlled as its operator would: systemctl over ssh. systemd's
// rules shape every step (the stock docker.service, moby contrib/init/systemd/docker.service):
// - Restart=always: a killed dockerd is started again by systemd after RestartSec (2 s), counted in NRestarts;
// - StartLimitBurst=3 in 60 s: a fourth start leaves the unit failed (Result=start-limit-hit) and every start is
//   refused until `systemctl reset-failed`;
// - docker.socket: while it listens, any API call starts dockerd again, so a stop takes the socket down too.
import { environmentError } from "../errors.js";
import type { DaemonController, DaemonStatus } from "./controller.js";
import { waitFor } from "./process-info.js";
import { commandText, type RemoteShell } from "./remote-shell.js";

export interface UnitState {
  loadState: string;
  activeState: string;
  subState: string;
  result: string;
  mainPid: number;
  nRestarts: number;
  /** CLOCK_MONOTONIC of the host, microseconds; 0 when never active. */
  activeEnterMonotonicUs: number;
}

const PROPERTIES = ["LoadState", "ActiveState", "SubState", "Result", "MainPID", "NRestarts", "ActiveEnterTimestampMonotonic"];

/** `systemctl show -p ...` output (Key=Value lines, in systemd's own order) as a UnitState. */
export function parseUnitState(text: string): UnitState {
  const values = new Map<string, string>();
  for (const line of text.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) values.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
  }
  const number = (key: string) => {
    const n = Number(values.get(key) ?? "0");
    return Number.isFinite(n) ? n : 0;
  };
  return {
    loadState: values.get("LoadState") ?? "not-found",
    activeState: values.get("ActiveState") ?? "inactive",
    subState: values.get("SubState") ?? "dead",
    result: values.get("Result") ?? "success",
    mainPid: number("MainPID"),
    nRestarts: number("NRestarts"),
    activeEnterMonotonicUs: number("ActiveEnterTimestampMonotonic"),
  };
}

/** One line on the unit for a fault's log: what systemd did, in its own numbers. */
export const describeUnit = (unit: string, s: UnitState) =>
  `${unit}: ${s.activeState} (${s.subState}), MainPID ${s.mainPid}, NRestarts ${s.nRestarts}${s.result !== "success" ? `, Result ${s.result}` : ""}`;

const START_TIMEOUT_MS = 90_000;
const STOP_TIMEOUT_MS = 120_000;

export class SystemdDaemon implements DaemonController {
  /** Set by a start that found the unit failed at its start limit: a finding the fault log reports. */
  lastReset?: UnitState;

  constructor(
    private readonly shell: RemoteShell,
    readonly unit: string,
    /** The engine's endpoint as the journal names it. */
    readonly endpoint: string,
    /** Asks the Docker API (over the same connection) whether the daemon answers. */
    private readonly ping: () => Promise<boolean>,
  ) {}

  get name(): string {
    return this.endpoint;
  }

  async unitState(unit = this.unit): Promise<UnitState> {
    return parseUnitState(await this.systemctl(["show", unit, `--property=${PROPERTIES.join(",")}`]));
  }

  async status(): Promise<DaemonStatus> {
    const state = await this.unitState();
    const running = state.activeState === "active" && (await this.ping());
    return { name: this.name, running, ...(state.mainPid > 0 ? { pid: state.mainPid } : {}), endpoint: this.endpoint };
  }

  async start(): Promise<void> {
    let state = await this.unitState();
    if (state.loadState !== "loaded") throw environmentError(`${this.shell.where}: systemd has no unit ${this.unit} (LoadState ${state.loadState})`, "name the Docker daemon's unit with unit: in the profile's host");
    if (state.activeState === "failed") {
      // Left failed (at its start limit, or dockerd would not start): rebound only ends it so the fleet comes back.
      this.lastReset = state;
      await this.systemctl(["reset-failed", this.unit]);
    }
    if (await this.socketEnabled()) await this.systemctl(["start", "docker.socket"]);
    if (state.activeState !== "active") await this.systemctl(["start", this.unit], START_TIMEOUT_MS);
    const up = await waitFor(async () => ((state = await this.unitState()), state.activeState === "active" && (await this.ping())), START_TIMEOUT_MS, 250);
    if (!up) throw environmentError(`${this.shell.where}: ${this.unit} did not come back: ${describeUnit(this.unit, state)}`, `journalctl -u ${this.unit} on that host says why`);
  }

  async stop(): Promise<void> {
    // With the socket listening, rebound's own observer would start dockerd again at its next API call.
    if (await this.socketActive()) await this.systemctl(["stop", "docker.socket"]);
    await this.systemctl(["stop", this.unit], STOP_TIMEOUT_MS);
  }

  /** SIGKILL of the main process, as a crash: systemd's Restart= decides what happens next, not rebound. */
  async kill(): Promise<void> {
    const { mainPid } = await this.unitState();
    if (mainPid <= 0) return;
    await this.shell.run(["kill", "-s", "KILL", String(mainPid)]);
    await waitFor(async () => (await this.unitState()).mainPid !== mainPid, 10_000, 100);
  }

  takeStartNotice(): string | undefined {
    const reset = this.lastReset;
    this.lastReset = undefined;
    if (reset === undefined) return undefined;
    return `${describeUnit(this.unit, reset)} when rebound came to start it: ran systemctl reset-failed ${this.unit} first (systemd alone would have left it down)`;
  }

  /** containerd.service's, or else the containerd dockerd started as its child. */
  async containerdPid(): Promise<number | undefined> {
    const service = await this.unitState("containerd.service");
    if (service.mainPid > 0) return service.mainPid;
    const { mainPid } = await this.unitState();
    if (mainPid <= 0) return undefined;
    const child = await this.shell.run(["pgrep", "-P", String(mainPid), "-x", "containerd"]);
    const pid = Number(child.stdout.trim().split("\n")[0]);
    return child.code === 0 && pid > 0 ? pid : undefined;
  }

  /** Only a power loss needs the shims, and rebound does not reboot existing machines. */
  async shimPids(): Promise<number[]> {
    return [];
  }

  private async socketActive(): Promise<boolean> {
    return (await this.shell.run(["systemctl", "is-active", "docker.socket"])).stdout.trim() === "active";
  }

  private async socketEnabled(): Promise<boolean> {
    return (await this.shell.run(["systemctl", "is-enabled", "docker.socket"])).stdout.trim() === "enabled";
  }

  private async systemctl(args: string[], timeoutMs = 30_000): Promise<string> {
    const result = await this.shell.run(["systemctl", ...args], { timeoutMs });
    if (result.code !== 0) {
      throw environmentError(`${this.shell.where}: ${commandText(["systemctl", ...args])} failed (exit ${result.code}): ${result.stderr.trim().split("\n")[0] ?? ""}`);
    }
    return result.stdout;
  }
}
