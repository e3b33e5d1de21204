// Rules for hosts that are existing engines (`endpoint:` or `context:`): one address each, settings that fit the
// transport, and daemon faults only where rebound can control the daemon (over ssh) and only with consent.
import { actsOnHostProcesses, hitsWholeHost } from "../faults/catalog.js";
import type { PlacedMessage } from "./format-issue.js";
import type { ExistingHostSpec, Profile } from "./schema.js";

/** Docker context name -> the scheme of the endpoint it resolves to; a run reads them before it starts. */
export type ContextSchemes = Readonly<Record<string, string>>;

const schemeOf = (host: ExistingHostSpec) => host.endpoint?.slice(0, host.endpoint.indexOf(":"));

/** How a host is reached, with a context's resolution when it is known: "the ssh:// endpoint", "context x (tcp://)". */
const reachedBy = (host: ExistingHostSpec, contextSchemes: ContextSchemes) =>
  host.context === undefined ? `${schemeOf(host)}://` : `context ${host.context} (${contextSchemes[host.context] ?? "?"}://)`;

export function checkExistingHosts(profile: Profile, contextSchemes: ContextSchemes = {}): PlacedMessage[] {
  // Whether rebound can reach the daemon's host to stop, kill and start it: an ssh endpoint, or a context that
  // resolves to one (not known until a run reads the context: until then it is given the benefit of the doubt).
  const maybeSsh = (host: ExistingHostSpec) => (host.context !== undefined ? (contextSchemes[host.context] ?? "ssh") : schemeOf(host)) === "ssh";
  const issues: PlacedMessage[] = [];
  for (const [key, host] of Object.entries(profile.hosts)) {
    if (host.kind !== "existing") continue;
    const at = (path: string[], message: string, where: "key" | "value" = "key") => issues.push({ path: ["hosts", key, ...path], at: where, message });
    if ((host.endpoint === undefined) === (host.context === undefined)) {
      at([], "an existing engine needs exactly one of endpoint: (unix://, tcp://, ssh://) or context: (a Docker context)");
      continue;
    }
    const scheme = schemeOf(host);
    if (host.tls && scheme !== undefined && scheme !== "tcp") at(["tls"], `tls: applies to tcp:// endpoints, not ${scheme}://`);
    for (const field of ["identityFile", "knownHosts"] as const) {
      if (host[field] !== undefined && scheme !== undefined && scheme !== "ssh") at([field], `${field}: applies to ssh:// endpoints, not ${scheme}://`);
    }
  }
  profile.method.forEach((fault, index) => {
    if (!actsOnHostProcesses(fault.fault)) return;
    // Conservative: a target the seed resolves later may land on any host its host/role/group filters allow.
    const reachable = hostsATargetMayHit(profile, fault.target).filter((key) => {
      const host = profile.hosts[key];
      return host?.kind === "existing" && !maybeSsh(host);
    });
    if (reachable.length === 0) return;
    issues.push({
      path: ["method", index, "fault"],
      at: "value",
      message: `${fault.fault} may hit containers on host ${reachable.map((key) => `${key} (${reachedBy(profile.hosts[key] as ExistingHostSpec, contextSchemes)})`).join(", ")}, which rebound reaches only through the Docker API: it signals a container's PID or enters its network namespace on the host, which needs an ssh:// endpoint (or narrow target: to other hosts)`,
    });
  });
  profile.method.forEach((fault, index) => {
    const key = fault.target.host;
    const host = key === undefined ? undefined : profile.hosts[key];
    if (!hitsWholeHost(fault.fault) || host?.kind !== "existing") return;
    const at = (message: string) => issues.push({ path: ["method", index, "fault"], at: "value", message });
    if (!maybeSsh(host)) {
      at(`${fault.fault} on host ${key} (${reachedBy(host, contextSchemes)}) needs an ssh:// endpoint: rebound stops, kills and starts an existing engine's daemon over ssh, never through the Docker API`);
    } else if (fault.fault === "host-reboot") {
      at(`host-reboot on host ${key}: rebooting an existing machine is not supported yet (a sandbox host emulates it)`);
    }
  });
  return issues;
}

/** The hosts whose groups a fault's target may select members of. */
function hostsATargetMayHit(profile: Profile, target: Profile["method"][number]["target"]): string[] {
  const groups = [...profile.smeshers.map((g) => ({ ...g, role: "smesher" })), ...profile.poets.map((g) => ({ ...g, role: "poet" }))];
  const hit = groups.filter(
    (g) => (target.host === undefined || g.host === target.host) && (target.role === undefined || g.role === target.role) && (target.group === undefined || g.group === target.group),
  );
  return [...new Set(hit.map((g) => g.host))];
}

/**
 * Daemon faults on an engine rebound did not start stop or kill its dockerd and every container on it, the
 * user's own among them: refused unless the run says --allow-daemon-faults, pointing at each such fault.
 */
export function daemonFaultConsent(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  profile.method.forEach((fault, index) => {
    const key = fault.target.host;
    if (!hitsWholeHost(fault.fault) || key === undefined || profile.hosts[key]?.kind !== "existing") return;
    issues.push({
      path: ["method", index, "target", "host"],
      at: "value",
      message: `${fault.fault} on host ${key}, an engine rebound did not start, stops or kills its dockerd and every container on it: run with --allow-daemon-faults to allow it`,
    });
  });
  return issues;
}
