// rebound audit --apt-root on Debian's real unattended-upgrades package, unpacked (never installed or
// configured) into a temporary root with its default configuration, and Debian's docker.io marked installed.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { debControl, debianPackageFile, unpackDeb } from "../support/apt.js";
import { isolatedHome, rebound } from "../support/cli.js";

const home = isolatedHome("audit-apt");
const work = mkdtempSync(join(tmpdir(), "rebound-apt-work-"));
const root = mkdtempSync(join(tmpdir(), "rebound-apt-root-"));
const confd = join(root, "etc/apt/apt.conf.d");
let statusInstalled = "";
let dockerVersion = "";

const stanza = (name: string, version: string, status: string) => `Package: ${name}\nStatus: ${status}\nPriority: optional\nArchitecture: all\nVersion: ${version}\n\n`;
const writeStatus = (text: string) => writeFileSync(join(root, "var/lib/dpkg/status"), text);

interface Report {
  findings: { rule: string; severity: string; object: { name: string }; evidence: string[]; fix: { commands?: string[] } }[];
  hosts: { conclusion: { dockerd: string; containerd: string; reboot: string }; unattended: { enabled: boolean } }[];
}

async function auditRoot(...args: string[]): Promise<{ exitCode: number; report: Report; stderr: string }> {
  const result = await rebound(["audit", "--apt-root", root, "--json", ...args], home.env);
  return { exitCode: result.exitCode, report: JSON.parse(result.stdout || "{}") as Report, stderr: result.stderr };
}

beforeAll(async () => {
  const uu = await debianPackageFile("unattended-upgrades", work);
  await unpackDeb(uu, root);
  const uuVersion = (await debControl(uu, join(work, "uu-control"))).version;
  // What unattended-upgrades' postinst does (ucf): install 50unattended-upgrades, and 20auto-upgrades because
  // debconf's enable_auto_updates defaults to true. Without running it: nothing on this host is configured.
  mkdirSync(confd, { recursive: true });
  const shipped = join(root, "usr/share/unattended-upgrades");
  copyFileSync(join(shipped, "50unattended-upgrades"), join(confd, "50unattended-upgrades"));
  if (existsSync(join(shipped, "20auto-upgrades"))) copyFileSync(join(shipped, "20auto-upgrades"), join(confd, "20auto-upgrades"));
  else writeFileSync(join(confd, "20auto-upgrades"), 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n');

  const docker = await debianPackageFile("docker.io", work);
  dockerVersion = (await debControl(docker, join(work, "docker-control"))).version;
  mkdirSync(join(root, "var/lib/dpkg/info"), { recursive: true });
  for (const script of ["postinst", "prerm"]) copyFileSync(join(work, "docker-control", script), join(root, `var/lib/dpkg/info/docker.io.${script}`));
  copyFileSync("/etc/os-release", join(root, "etc/os-release"));
  statusInstalled = stanza("unattended-upgrades", uuVersion, "install ok installed") + stanza("docker.io", dockerVersion, "install ok installed");
  writeStatus(statusInstalled);
}, 600_000);

afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
  await home.remove();
});

describe("Debian's unattended-upgrades defaults with Debian's docker.io", () => {
  it("the real default configuration allows Debian's security origin with an empty Package-Blacklist", async () => {
    const { stdout } = await execa("grep", ["-n", "label=Debian-Security", join(confd, "50unattended-upgrades")]);
    expect(stdout).toMatch(/origin=Debian,codename=\$\{distro_codename\}-security,label=Debian-Security/);
  });

  it("finds docker.io in scope: a warning, with dockerd's restart deferred to the next reboot", async () => {
    const { exitCode, report } = await auditRoot();
    expect(exitCode).toBe(0);
    expect(report.findings.map((f) => `${f.object.name}: ${f.rule} (${f.severity})`)).toEqual(["docker.io: apt-docker-package-in-scope (warning)"]);
    expect(report.hosts[0]!.conclusion).toEqual({ dockerd: "deferred", containerd: "no", reboot: "no" });
    const evidence = report.findings[0]!.evidence.join("\n");
    expect(evidence).toContain(`${confd}/20auto-upgrades:2: APT::Periodic::Unattended-Upgrade "1"`);
    expect(evidence).toMatch(/50unattended-upgrades:\d+: Unattended-Upgrade::Origins-Pattern \+= "origin=Debian,codename=\$\{distro_codename\}/);
    expect(evidence).toMatch(/docker\.io\.postinst:\d+: only starts docker/);
    expect((await auditRoot("--fail-on", "warning")).exitCode).toBe(1);
  });

  it("is cleared by a matching Package-Blacklist entry (the one --fix prints)", async () => {
    const { report } = await auditRoot();
    const [command] = report.findings[0]!.fix.commands!;
    expect(command).toContain(`${confd}/51rebound-blacklist`);
    // The audit ran nothing; the test applies the printed fix to its own temporary root.
    await execa("sh", ["-c", command!]);
    try {
      const after = await auditRoot("--fail-on", "info");
      expect(after.exitCode, after.stderr).toBe(0);
      expect(after.report.findings).toEqual([]);
      expect(after.report.hosts[0]!.conclusion.dockerd).toBe("no");
    } finally {
      rmSync(join(confd, "51rebound-blacklist"));
    }
  });

  it("is cleared by apt-mark hold (dpkg's selection: hold)", async () => {
    writeStatus(statusInstalled.replace("Package: docker.io\nStatus: install ok installed", "Package: docker.io\nStatus: hold ok installed"));
    try {
      const { report } = await auditRoot("--fail-on", "info");
      expect(report.findings).toEqual([]);
    } finally {
      writeStatus(statusInstalled);
    }
  });

  it("is not cleared by a blacklist in a file apt never reads, and says why", async () => {
    writeFileSync(join(confd, "51docker.blacklist"), 'Unattended-Upgrade::Package-Blacklist { "docker"; };\n');
    try {
      const { report } = await auditRoot();
      expect(report.findings.map((f) => f.rule).sort()).toEqual(["apt-conf-file-ignored", "apt-docker-package-in-scope"]);
    } finally {
      rmSync(join(confd, "51docker.blacklist"));
    }
  });

  it("reports an enabled Automatic-Reboot on its own", async () => {
    writeFileSync(join(confd, "52reboot"), 'Unattended-Upgrade::Automatic-Reboot "true";\n');
    try {
      const { report } = await auditRoot();
      expect(report.findings.map((f) => f.rule).sort()).toEqual(["apt-automatic-reboot", "apt-docker-package-in-scope"]);
      expect(report.hosts[0]!.conclusion.reboot).toBe("yes");
    } finally {
      rmSync(join(confd, "52reboot"));
    }
  });
});
