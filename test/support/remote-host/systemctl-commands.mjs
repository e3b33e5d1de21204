// The fake systemctl's verbs, run inside the supervisor: argv in, { code, stdout, stderr } out, as systemctl prints.
//
// This host has ONE unit, docker.service (alias "docker"). There is no docker.socket (no socket activation: an API
// call while dockerd is down is refused, nothing starts it) and no containerd.service (dockerd runs its own
// containerd as a child): both, like any other name, are units systemd cannot find (LoadState=not-found).
import { formatTimestamp, RULES } from "./unit.mjs";

const UNIT = "docker.service";

/** Unit names as systemctl completes them: "docker" -> "docker.service". */
const unitName = (name) => (/\.(service|socket|target|timer|mount|path|slice|scope|device|swap|automount)$/.test(name) ? name : `${name}.service`);

export function parseArgs(argv) {
  const options = { properties: [], value: false, quiet: false, noBlock: false };
  const words = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-p" || arg === "--property") options.properties.push(...(argv[++i] ?? "").split(","));
    else if (arg.startsWith("--property=")) options.properties.push(...arg.slice(11).split(","));
    else if (arg.startsWith("-p") && arg.length > 2 && !arg.startsWith("--")) options.properties.push(...arg.slice(2).split(","));
    else if (arg === "--value") options.value = true;
    else if (arg === "-q" || arg === "--quiet") options.quiet = true;
    else if (arg === "--no-block") options.noBlock = true;
    else if (arg === "--no-pager" || arg === "--system" || arg === "--no-ask-password" || arg === "--full" || arg === "-l") continue;
    else if (arg.startsWith("-")) return { error: `systemctl: unrecognized option '${arg}'` };
    else words.push(arg);
  }
  options.properties = options.properties.filter((p) => p !== "");
  return { verb: words[0], units: words.slice(1).map(unitName), options };
}

const ts = (t) => formatTimestamp(t?.wall);
const mono = (t) => String(t?.mono ?? 0n);

function properties(unit, name) {
  if (name !== UNIT || unit === undefined) {
    return { Id: name, Names: name, LoadState: "not-found", ActiveState: "inactive", SubState: "dead", MainPID: "0", NRestarts: "0", Result: "success", UnitFileState: "" };
  }
  const t = unit.times;
  return {
    Id: UNIT,
    Names: UNIT,
    Description: "Docker Application Container Engine",
    LoadState: "loaded",
    UnitFileState: "enabled",
    ActiveState: unit.activeState,
    SubState: unit.subState,
    Result: unit.result,
    Type: "notify",
    Restart: "always",
    RestartUSec: `${RULES.restartSec}s`,
    KillMode: "process",
    TimeoutStopUSec: "1min 30s",
    StartLimitBurst: String(RULES.startLimitBurst),
    StartLimitIntervalUSec: "1min",
    NRestarts: String(unit.nRestarts),
    MainPID: String(unit.mainPid),
    ExecMainPID: String(unit.exec.pid),
    ExecMainCode: String(unit.exec.code),
    ExecMainStatus: String(unit.exec.status),
    ExecMainStartTimestamp: ts(t.execMainStart),
    ExecMainStartTimestampMonotonic: mono(t.execMainStart),
    ActiveEnterTimestamp: ts(t.activeEnter),
    ActiveEnterTimestampMonotonic: mono(t.activeEnter),
    ActiveExitTimestamp: ts(t.activeExit),
    ActiveExitTimestampMonotonic: mono(t.activeExit),
    InactiveEnterTimestamp: ts(t.inactiveEnter),
    InactiveEnterTimestampMonotonic: mono(t.inactiveEnter),
    InactiveExitTimestamp: ts(t.inactiveExit),
    InactiveExitTimestampMonotonic: mono(t.inactiveExit),
    StateChangeTimestamp: ts(t.stateChange),
    StateChangeTimestampMonotonic: mono(t.stateChange),
  };
}

const out = (stdout, code = 0, stderr = "") => ({ code, stdout, stderr });
const notLoaded = (verb, name) => out("", 5, `Failed to ${verb} ${name}: Unit ${name} not ${verb === "start" ? "found" : "loaded"}.\n`);

/** @param {import("./unit.mjs").Unit} unit */
export async function runSystemctl(unit, argv) {
  const parsed = parseArgs(argv);
  if (parsed.error !== undefined) return out("", 1, `${parsed.error}\n`);
  const { verb, units, options } = parsed;
  const known = (name) => name === UNIT;
  switch (verb) {
    case "show": {
      const blocks = (units.length > 0 ? units : [UNIT]).map((name) => {
        const all = properties(unit, name);
        const keys = options.properties.length > 0 ? options.properties : Object.keys(all);
        return keys.map((key) => (options.value ? (all[key] ?? "") : `${key}=${all[key] ?? ""}`)).join("\n") + "\n";
      });
      return out(blocks.join("\n"));
    }
    case "is-active": {
      const states = units.map((name) => (known(name) ? unit.activeState : "inactive"));
      return out(options.quiet ? "" : states.map((s) => `${s}\n`).join(""), states.every((s) => s === "active") ? 0 : 3);
    }
    case "is-failed": {
      const states = units.map((name) => (known(name) ? unit.activeState : "inactive"));
      return out(options.quiet ? "" : states.map((s) => `${s}\n`).join(""), states.some((s) => s === "failed") ? 0 : 1);
    }
    case "start":
    case "restart": {
      for (const name of units) if (!known(name)) return notLoaded(verb, name);
      if (verb === "restart") await unit.stop();
      const started = options.noBlock ? (void unit.start(), undefined) : await unit.start();
      if (started === "start-limit-hit") {
        return out("", 1, `Job for ${UNIT} failed because start of the service was attempted too often.\nSee "systemctl status ${UNIT}" and "journalctl -xeu ${UNIT}" for details.\nTo force a start use "systemctl reset-failed ${UNIT}"\nfollowed by "systemctl start ${UNIT}" again.\n`);
      }
      if (started !== undefined) {
        return out("", 1, `Job for ${UNIT} failed because the control process exited with error code.\nSee "systemctl status ${UNIT}" and "journalctl -xeu ${UNIT}" for details.\n`);
      }
      return out("");
    }
    case "stop": {
      for (const name of units) if (!known(name)) return notLoaded(verb, name);
      if (options.noBlock) void unit.stop();
      else await unit.stop();
      return out("");
    }
    case "reset-failed": {
      for (const name of units) if (!known(name)) return out("", 1, `Failed to reset failed state of unit ${name}: Unit ${name} not loaded.\n`);
      unit.resetFailed();
      return out("");
    }
    case "status": {
      const name = units[0] ?? UNIT;
      if (!known(name)) return out("", 4, `Unit ${name} could not be found.\n`);
      const p = properties(unit, name);
      const since = unit.activeState === "active" ? ` since ${p.ActiveEnterTimestamp}` : "";
      const main = unit.mainPid > 0 ? `   Main PID: ${unit.mainPid} (dockerd)\n` : "";
      return out(`● ${UNIT} - ${p.Description}\n     Loaded: loaded (/lib/systemd/system/docker.service; enabled)\n     Active: ${unit.activeState} (${unit.subState})${since}\n${main}`, unit.activeState === "active" ? 0 : 3);
    }
    case "daemon-reload":
      return out("");
    case undefined:
      return out("", 1, "systemctl: this host's fake systemctl needs a verb (start, stop, restart, reset-failed, is-active, is-failed, show, status)\n");
    default:
      return out("", 1, `Unknown command verb '${verb}' (this host's fake systemctl knows start, stop, restart, reset-failed, is-active, is-failed, show, status, daemon-reload).\n`);
  }
}
