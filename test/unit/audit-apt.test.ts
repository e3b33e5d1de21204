// A host's apt configuration end to end, on fixture roots built from object literals: which Docker packages
// unattended-upgrades covers, what upgrading them does, and what clears the exposure.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { audit } from "../../src/commands/audit.js";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/audit/apt/${name}`, import.meta.url)), "utf8");
const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "rebound-apt-"));
  roots.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const stanza = (name: string, version: string, status = "install ok installed") => `Package: ${name}\nStatus: ${status}\nArchitecture: amd64\nVersion: ${version}\n\n`;
const AUTO = { "etc/apt/apt.conf.d/20auto-upgrades": 'APT::Periodic::Update-Package-Lists "1";\nAPT::Periodic::Unattended-Upgrade "1";\n' };
const DEBIAN = {
  ...AUTO,
  "etc/apt/apt.conf.d/50unattended-upgrades": fixture("debian-50unattended-upgrades"),
  "etc/os-release": fixture("debian-os-release"),
  "var/lib/dpkg/info/docker.io.postinst": fixture("debian-docker.io.postinst"),
  "var/lib/dpkg/info/docker.io.prerm": fixture("debian-docker.io.prerm"),
  "var/lib/dpkg/info/containerd.postinst": fixture("debian-containerd.postinst"),
  "var/lib/dpkg/info/containerd.prerm": fixture("debian-containerd.prerm"),
};
const DEBIAN_STATUS = stanza("unattended-upgrades", "2.9.1+nmu3") + stanza("docker.io", "20.10.24+dfsg1-1+deb12u1+b6") + stanza("containerd", "1.6.20~ds1-1+deb12u3") + stanza("runc", "1.1.5+ds1-1+deb12u1");

async function findings(files: Record<string, string>, failOn = "error") {
  const report = await audit({ aptRoot: tree(files), failOn, env: {} });
  return { report, rules: report.findings.map((f) => `${f.object.name}: ${f.rule}`).sort(), host: report.hosts[0]! };
}

describe("Debian host, Debian's default configuration, Docker from Debian", () => {
  it("finds docker.io, containerd and runc in scope; containerd restarts at once, dockerd only at the next reboot", async () => {
    const { report, rules, host } = await findings({ ...DEBIAN, "var/lib/dpkg/status": DEBIAN_STATUS });
    expect(rules).toEqual(["containerd: apt-containerd-restart-on-upgrade", "docker.io: apt-docker-package-in-scope", "runc: apt-docker-package-in-scope"]);
    expect(host.conclusion).toEqual({ dockerd: "deferred", containerd: "yes", reboot: "no" });
    expect(report.failed).toBe(false);
    const docker = report.findings.find((f) => f.object.name === "docker.io")!;
    expect(docker.evidence.join("\n")).toMatch(/20auto-upgrades:2: APT::Periodic::Unattended-Upgrade "1"/);
    expect(docker.evidence.join("\n")).toMatch(/50unattended-upgrades:\d+: Unattended-Upgrade::Origins-Pattern \+= "origin=Debian,codename=\$\{distro_codename\},label=Debian"/);
    expect(docker.evidence.join("\n")).toMatch(/docker.io.postinst:\d+: only starts docker/);
    expect(docker.fix.commands).toEqual([`printf '%s\\n' 'Unattended-Upgrade::Package-Blacklist { "docker\\.io$"; };' >> ${report.hosts[0]!.root}/etc/apt/apt.conf.d/51rebound-blacklist`]);
  });

  it("is clean when a Package-Blacklist entry matches (re.match: docker also covers docker.io) or the packages are held", async () => {
    const blacklist = { "etc/apt/apt.conf.d/51docker": 'Unattended-Upgrade::Package-Blacklist { "docker"; "containerd"; "runc$"; };\n' };
    expect((await findings({ ...DEBIAN, ...blacklist, "var/lib/dpkg/status": DEBIAN_STATUS })).rules).toEqual([]);
    const held = stanza("docker.io", "20.10.24+dfsg1-1+deb12u1+b6", "hold ok installed") + stanza("containerd", "1.6.20~ds1-1+deb12u3", "hold ok installed");
    const result = await findings({ ...DEBIAN, "var/lib/dpkg/status": held });
    expect(result.rules).toEqual([]);
    expect(result.host.packages[0]!.scopeEvidence.join("\n")).toMatch(/held \(apt-mark hold\)/);
  });

  it("is clean when automatic upgrades are off, or unattended-upgrades is removed", async () => {
    const off = { ...DEBIAN, "etc/apt/apt.conf.d/20auto-upgrades": 'APT::Periodic::Unattended-Upgrade "0";\n', "var/lib/dpkg/status": DEBIAN_STATUS };
    expect((await findings(off)).rules).toEqual([]);
    const removed = stanza("unattended-upgrades", "2.9.1", "deinstall ok config-files") + stanza("docker.io", "20.10.24+dfsg1-1+deb12u1+b6");
    expect((await findings({ ...DEBIAN, "var/lib/dpkg/status": removed })).host.unattended.enabled).toBe(false);
  });

  it("warns when the blacklist sits in a file apt never reads", async () => {
    const ignored = { "etc/apt/apt.conf.d/51docker.blacklist": 'Unattended-Upgrade::Package-Blacklist { "docker"; };\n' };
    const { rules } = await findings({ ...DEBIAN, ...ignored, "var/lib/dpkg/status": stanza("docker.io", "20.10.24+dfsg1-1+deb12u1+b6") });
    expect(rules).toEqual([expect.stringMatching(/51docker\.blacklist: apt-conf-file-ignored$/), "docker.io: apt-docker-package-in-scope"]);
  });

  it("reports an enabled Automatic-Reboot as a warning of its own, with its time", async () => {
    const reboot = { "etc/apt/apt.conf.d/52reboot": 'Unattended-Upgrade::Automatic-Reboot "true";\nUnattended-Upgrade::Automatic-Reboot-Time "02:00";\n' };
    const { report, host } = await findings({ ...DEBIAN, ...reboot, "var/lib/dpkg/status": stanza("unattended-upgrades", "2.9.1") });
    expect(report.findings.map((f) => [f.rule, f.severity])).toEqual([["apt-automatic-reboot", "warning"]]);
    expect(host.conclusion.reboot).toBe("yes");
    expect(report.findings[0]!.message).toContain("02:00");
  });
});

describe("Docker's own packages", () => {
  const DOCKER_CE = {
    ...DEBIAN,
    "var/lib/dpkg/info/docker-ce.postinst": fixture("docker-ce.postinst"),
    "var/lib/dpkg/info/docker-ce.prerm": fixture("docker-ce.prerm"),
    "var/lib/dpkg/status": stanza("docker-ce", "5:24.0.7-1~debian.12~bookworm") + stanza("containerd.io", "1.6.26-1"),
  };

  it("are out of scope of Debian's default configuration: it matches only Debian's origins", async () => {
    const { rules, host } = await findings(DOCKER_CE);
    expect(rules).toEqual([]);
    expect(host.packages.map((p) => [p.name, p.origin, p.inScope])).toEqual([["docker-ce", "Docker", false], ["containerd.io", "Docker", false]]);
  });

  it("restart dockerd at once (an error) when a configuration adds Docker's origin", async () => {
    const addDocker = { "etc/apt/apt.conf.d/51docker-origin": 'Unattended-Upgrade::Origins-Pattern:: "origin=Docker";\n' };
    const { report, rules, host } = await findings({ ...DOCKER_CE, ...addDocker });
    expect(rules).toEqual(["containerd.io: apt-containerd-restart-on-upgrade", "docker-ce: apt-docker-restart-on-upgrade"]);
    expect(host.conclusion).toEqual({ dockerd: "yes", containerd: "yes", reboot: "no" });
    expect(report.failed).toBe(true);
    // containerd.io has no scripts in this root: its known behaviour is used and said so.
    expect(report.findings.find((f) => f.object.name === "containerd.io")!.evidence.join("\n")).toMatch(/no maintainer scripts under the root; known behaviour/);
  });

  it("take their origin from apt's lists when they can be read", async () => {
    const lists = {
      "var/lib/apt/lists/download.docker.com_linux_debian_dists_bookworm_InRelease": fixture("docker-Release"),
      "var/lib/apt/lists/download.docker.com_linux_debian_dists_bookworm_stable_binary-amd64_Packages": "Package: docker-ce\nVersion: 5:24.0.7-1~debian.12~bookworm\n\n",
      "var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_InRelease": fixture("debian-Release"),
      "var/lib/apt/lists/deb.debian.org_debian-security_dists_bookworm-security_main_binary-amd64_Packages": "Package: docker.io\nVersion: 20.10.24+dfsg1-1+deb12u1\n\n",
      "var/lib/dpkg/status": stanza("docker-ce", "5:24.0.7-1~debian.12~bookworm") + stanza("docker.io", "20.10.24+dfsg1-1+deb12u1"),
    };
    const { host } = await findings({ ...DEBIAN, ...lists });
    expect(host.packages.map((p) => [p.name, p.origin, p.inScope, p.originEvidence[0]])).toEqual([
      ["docker-ce", "Docker", false, "apt lists: download.docker.com_linux_debian_dists_bookworm_InRelease"],
      ["docker.io", "Debian", true, "apt lists: deb.debian.org_debian-security_dists_bookworm-security_InRelease"],
    ]);
  });
});

describe("Ubuntu's docker.io and its debconf question", () => {
  const UBUNTU = {
    ...AUTO,
    "etc/apt/apt.conf.d/50unattended-upgrades": fixture("ubuntu-50unattended-upgrades"),
    "etc/os-release": fixture("ubuntu-os-release"),
    "var/lib/dpkg/info/docker.io.postinst": fixture("ubuntu-docker.io.postinst"),
    "var/lib/dpkg/status": stanza("docker.io", "24.0.7-0ubuntu2~22.04.1"),
  };

  it("defers the restart while docker.io/restart is false (its default)", async () => {
    const { rules, host } = await findings(UBUNTU);
    expect(rules).toEqual(["docker.io: apt-docker-package-in-scope"]);
    expect(host.conclusion.dockerd).toBe("deferred");
  });

  it("restarts dockerd at once when docker.io/restart is true", async () => {
    const { rules } = await findings({ ...UBUNTU, "var/cache/debconf/config.dat": "Name: docker.io/restart\nTemplate: docker.io/restart\nValue: true\nOwners: docker.io\n\n" });
    expect(rules).toEqual(["docker.io: apt-docker-restart-on-upgrade"]);
  });
});

describe("bad input", () => {
  it("a missing --apt-root is an input error", async () => {
    await expect(audit({ aptRoot: "/nonexistent/root", env: {} })).rejects.toMatchObject({ kind: "input", message: "--apt-root /nonexistent/root: no such directory" });
  });
});
