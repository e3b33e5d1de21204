// Cross-field rules for the method: each fault's parameters, targets that exist, one schedule per fault.
import type { PlacedMessage } from "./format-issue.js";
import { DAEMON_FAULTS, type FaultKind, type Profile } from "./schema.js";

const PARAMETERS = ["signal", "timeout", "duration", "downSeconds", "package", "unpackSeconds", "reboot", "latencyMs"] as const;

/** The parameters each fault understands; any other one is a mistake worth pointing at. */
const ALLOWED: Record<FaultKind, readonly (typeof PARAMETERS)[number][]> = {
  kill: ["signal"],
  "api-kill": ["signal"],
  stop: ["timeout", "duration"],
  restart: ["timeout"],
  pause: ["duration"],
  recreate: [],
  "daemon-restart": ["downSeconds"],
  "daemon-crash": ["downSeconds"],
  "unattended-upgrade": ["package", "unpackSeconds", "reboot"],
  "host-reboot": ["downSeconds"],
  "containerd-restart": [],
  partition: ["duration"],
  delay: ["duration", "latencyMs"],
};

const isDaemonFault = (kind: FaultKind) => (DAEMON_FAULTS as readonly string[]).includes(kind);

export function checkFaults(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const hosts = Object.keys(profile.hosts);
  const groups = new Set([...profile.smeshers, ...profile.poets].map((g) => g.group));
  profile.method.forEach((fault, index) => {
    const at = (path: (string | number)[], message: string, where: "key" | "value" = "value") =>
      issues.push({ path: ["method", index, ...path], at: where, message });
    for (const parameter of PARAMETERS) {
      if (fault[parameter] !== undefined && !ALLOWED[fault.fault].includes(parameter)) {
        const allowed = ALLOWED[fault.fault].length > 0 ? ALLOWED[fault.fault].join(", ") : "none";
        at([parameter], `${fault.fault} takes no "${parameter}" (its parameters: ${allowed})`, "key");
      }
    }
    const { target } = fault;
    if (target.host !== undefined && !hosts.includes(target.host)) {
      at(["target", "host"], `unknown host "${target.host}"; hosts are: ${hosts.join(", ")}`);
    }
    if (target.group !== undefined && !groups.has(target.group)) {
      at(["target", "group"], `unknown group "${target.group}"; groups are: ${[...groups].join(", ")}`);
    }
    if (isDaemonFault(fault.fault)) {
      if (target.host === undefined) at(["target"], `${fault.fault} needs target.host: the daemon to act on`);
      for (const key of ["role", "group", "name", "label", "share"] as const) {
        if (target[key] !== undefined) at(["target", key], `${fault.fault} acts on a whole host; "${key}" does not apply`, "key");
      }
    }
    const schedules = (["layer", "after", "registrationWindow"] as const).filter((key) => fault.at[key] !== undefined);
    if (schedules.length !== 1) at(["at"], `expected exactly one of layer, after, registrationWindow, got ${schedules.length}`);
  });
  if (profile.expect.outcome === "pass" && profile.expect.failing.length > 0) {
    issues.push({ path: ["expect", "failing"], at: "value", message: 'failing checks can only be predicted with outcome "reproduced"' });
  }
  return issues;
}
