// The conclusion per host (pure): are automatic upgrades on, which Docker packages do they cover, and will
// that restart dockerd (yes / no / deferred to the next reboot), restart containerd, reboot the host.
import { buildConfig, describeEntry, list, scalar, truthy, type AptConfig } from "./conf.js";
import { effectOf, type UnitEffect } from "./effect.js";
import type { InstalledPackage } from "./dpkg.js";
import { guessOrigin, heuristicRecords, type OriginRecord } from "./origins.js";
import { allowedOriginToPattern, blacklistMatches, matchesPattern } from "./patterns.js";
import type { AptFacts } from "./facts.js";

export interface PackageExposure {
  name: string;
  version: string;
  origin: string;
  originEvidence: string[];
  inScope: boolean;
  /** The lines that put it in scope, or keep it out. */
  scopeEvidence: string[];
  dockerd: UnitEffect;
  containerd: UnitEffect;
  effectEvidence: string[];
}

export interface HostExposure {
  root: string;
  unattended: { enabled: boolean; evidence: string[] };
  reboot: { enabled: boolean; time: string; evidence: string[] };
  packages: PackageExposure[];
  ignoredFiles: AptFacts["ignoredFiles"];
  conclusion: { dockerd: "yes" | "no" | "deferred"; containerd: "yes" | "no"; reboot: "yes" | "no" };
}

function unattendedState(facts: AptFacts, config: AptConfig): HostExposure["unattended"] {
  const periodic = scalar(config, "APT::Periodic::Unattended-Upgrade");
  const enable = scalar(config, "APT::Periodic::Enable");
  const evidence = periodic ? [describeEntry(periodic)] : ["APT::Periodic::Unattended-Upgrade is not set (default 0: off)"];
  if (enable && !truthy(enable.value)) return { enabled: false, evidence: [...evidence, describeEntry(enable)] };
  const pkg = facts.unattendedPackage;
  if (pkg && !pkg.installed) return { enabled: false, evidence: [...evidence, `${facts.statusFile}:${pkg.line}: unattended-upgrades is ${pkg.state}, not installed`] };
  const on = periodic !== undefined && !/^(0|false|no|off|)$/i.test(periodic.value.trim());
  if (on && !pkg) evidence.push(`unattended-upgrades is not in ${facts.statusFile}; its configuration is there, so it is assumed installed`);
  return { enabled: on, evidence };
}

function originsOf(facts: AptFacts, pkg: InstalledPackage): { origin: string; records: OriginRecord[]; evidence: string[] } {
  const listed = facts.lists.byPackage.get(pkg.name);
  if (listed && listed.length > 0) {
    return { origin: [...new Set(listed.flatMap((r) => r.origin))].join(", "), records: listed, evidence: listed.map((r) => r.source) };
  }
  const guess = guessOrigin(pkg.name, pkg.version, facts.distro);
  const records = heuristicRecords(guess.origin, facts.distro?.codename || undefined, guess.why);
  return { origin: guess.origin, records, evidence: [...(facts.lists.note ? [facts.lists.note] : []), `origin ${guess.origin} by heuristic: ${guess.why}`] };
}

function scopeOf(facts: AptFacts, config: AptConfig, pkg: InstalledPackage, records: OriginRecord[]): { inScope: boolean; evidence: string[] } {
  const patterns = [
    ...list(config, "Unattended-Upgrade::Origins-Pattern").map((e) => ({ entry: e, pattern: e.value })),
    ...list(config, "Unattended-Upgrade::Allowed-Origins").map((e) => ({ entry: e, pattern: allowedOriginToPattern(e.value) })),
  ];
  const match = patterns.find(({ pattern }) => records.some((r) => matchesPattern(pattern, r, facts.distro)));
  if (!match) return { inScope: false, evidence: [`no Origins-Pattern or Allowed-Origins entry matches its origin (${patterns.length} entries)`] };
  const evidence = [`matched by ${describeEntry(match.entry)}`];
  if (pkg.held) return { inScope: false, evidence: [...evidence, `${facts.statusFile}:${pkg.line}: held (apt-mark hold), so never upgraded automatically`] };
  for (const entry of list(config, "Unattended-Upgrade::Package-Blacklist")) {
    const hit = blacklistMatches(entry.value, pkg.name);
    if (hit) return { inScope: false, evidence: [...evidence, `blacklisted by ${describeEntry(entry)}`] };
    if (hit === undefined) evidence.push(`${describeEntry(entry)} is not a regular expression rebound can read; ignored here`);
  }
  const whitelist = list(config, "Unattended-Upgrade::Package-Whitelist");
  if (whitelist.length > 0 && !whitelist.some((e) => blacklistMatches(e.value, pkg.name))) {
    return { inScope: false, evidence: [...evidence, `not in Unattended-Upgrade::Package-Whitelist (${whitelist.map(describeEntry).join("; ")})`] };
  }
  return { inScope: true, evidence };
}

export function assessHost(facts: AptFacts): HostExposure {
  const config = buildConfig(facts.statements);
  const unattended = unattendedState(facts, config);
  const rebootEntry = scalar(config, "Unattended-Upgrade::Automatic-Reboot");
  const timeEntry = scalar(config, "Unattended-Upgrade::Automatic-Reboot-Time");
  const reboot = {
    enabled: unattended.enabled && truthy(rebootEntry?.value),
    time: timeEntry?.value ?? "now",
    evidence: [rebootEntry ? describeEntry(rebootEntry) : "Unattended-Upgrade::Automatic-Reboot is not set (default false)", ...(timeEntry ? [describeEntry(timeEntry)] : [])],
  };
  const packages = facts.packages.map((pkg): PackageExposure => {
    const origins = originsOf(facts, pkg);
    const scope = unattended.enabled ? scopeOf(facts, config, pkg, origins.records) : { inScope: false, evidence: ["automatic upgrades are off"] };
    const effect = effectOf(pkg.name, origins.origin, facts.scripts.get(pkg.name) ?? {}, facts.debconf);
    return { name: pkg.name, version: pkg.version, origin: origins.origin, originEvidence: origins.evidence, inScope: scope.inScope, scopeEvidence: scope.evidence, ...effect };
  });
  const covered = packages.filter((p) => p.inScope);
  return {
    root: facts.root,
    unattended,
    reboot,
    packages,
    ignoredFiles: facts.ignoredFiles,
    conclusion: {
      dockerd: covered.some((p) => p.dockerd === "restart") ? "yes" : covered.some((p) => p.dockerd === "deferred") ? "deferred" : "no",
      containerd: covered.some((p) => p.containerd === "restart") ? "yes" : "no",
      reboot: reboot.enabled ? "yes" : "no",
    },
  };
}
