// Host package rules: what an unattended upgrade does to the Docker daemon and its containers.
import { finding } from "./catalog.js";
import type { AuditObject, Finding, Fix } from "./finding.js";
import type { HostExposure, PackageExposure } from "./apt/exposure.js";
import type { RuleFamily } from "./subjects.js";

const escapeRegex = (name: string) => name.replace(/[.+]/g, "\\$&");

function packageFix(host: HostExposure, pkg: PackageExposure): Fix {
  const file = `${host.root === "/" ? "" : host.root}/etc/apt/apt.conf.d/51rebound-blacklist`.replace(/\/+/g, "/");
  return {
    text: `keep ${pkg.name} out of automatic upgrades: add "${escapeRegex(pkg.name)}$" to Unattended-Upgrade::Package-Blacklist, or hold it (apt-mark hold ${pkg.name}); upgrade it deliberately, in a maintenance window`,
    commands: [`printf '%s\\n' 'Unattended-Upgrade::Package-Blacklist { "${escapeRegex(pkg.name)}$"; };' >> ${file}`],
  };
}

function checkPackage(host: HostExposure, pkg: PackageExposure): Finding[] {
  if (!pkg.inScope) return [];
  const object: AuditObject = { kind: "package", name: pkg.name, scope: host.root };
  const evidence = [...host.unattended.evidence, ...pkg.originEvidence, ...pkg.scopeEvidence, ...pkg.effectEvidence];
  const what = `${pkg.name} ${pkg.version} (origin ${pkg.origin}) is upgraded by unattended-upgrades`;
  if (pkg.dockerd === "restart") {
    return [finding("apt-docker-restart-on-upgrade", object, `${what}, and its upgrade restarts dockerd at once: every container without live-restore goes down, and only those with a restart policy that brings them back return`, evidence, packageFix(host, pkg))];
  }
  if (pkg.containerd === "restart") {
    return [finding("apt-containerd-restart-on-upgrade", object, `${what}, and its upgrade restarts containerd (containers keep running through their shims, the API stalls meanwhile)`, evidence, packageFix(host, pkg))];
  }
  const effect = pkg.dockerd === "deferred" ? "dockerd keeps the old binary until its next restart or reboot, when every container restarts" : pkg.containerd === "deferred" ? "containerd keeps the old binary until its next restart" : "no daemon restarts at once";
  return [finding("apt-docker-package-in-scope", object, `${what}: ${effect}`, evidence, packageFix(host, pkg))];
}

function checkHost(host: HostExposure, object: AuditObject): Finding[] {
  const findings = host.packages.flatMap((pkg) => checkPackage(host, pkg));
  if (host.reboot.enabled) {
    const file = `${host.root === "/" ? "" : host.root}/etc/apt/apt.conf.d/52rebound-no-reboot`.replace(/\/+/g, "/");
    findings.push(
      finding(
        "apt-automatic-reboot",
        object,
        `unattended-upgrades reboots the host (at ${host.reboot.time}) when an upgrade asks for it: every container restarts, whatever the packages do`,
        [...host.unattended.evidence, ...host.reboot.evidence],
        {
          text: "turn Automatic-Reboot off and reboot in a maintenance window, or make sure every container resumes (restart policies, volumes)",
          commands: [`printf '%s\\n' 'Unattended-Upgrade::Automatic-Reboot "false";' >> ${file}`],
        },
      ),
    );
  }
  for (const ignored of host.ignoredFiles.filter((f) => f.configuresUnattended)) {
    findings.push(
      finding("apt-conf-file-ignored", { kind: "apt-config", name: ignored.file, file: ignored.file }, `${ignored.file} configures unattended-upgrades, but ${ignored.reason}`, [ignored.file], {
        text: `rename it to a name apt reads (letters, digits, -, _; no extension or .conf), e.g. ${ignored.file.replace(/[^/]*$/, "")}51rebound-docker`,
      }),
    );
  }
  return findings;
}

export const aptRules: RuleFamily<"apt-host"> = {
  kind: "apt-host",
  rules: ["apt-docker-restart-on-upgrade", "apt-containerd-restart-on-upgrade", "apt-docker-package-in-scope", "apt-automatic-reboot", "apt-conf-file-ignored"],
  check: (subject) => checkHost(subject.host, subject.object),
};
