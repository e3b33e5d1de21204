// The apt readers' pure parts: apt.conf syntax, which files apt reads, unattended-upgrades' matching, dpkg
// status, and what maintainer scripts do on upgrade.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { buildConfig, list, scalar, truthy } from "../../src/audit/apt/conf.js";
import { chooseConfFiles } from "../../src/audit/apt/conf-files.js";
import { parseAptConf } from "../../src/audit/apt/conf-parse.js";
import { parseDebconf, parseDpkgStatus } from "../../src/audit/apt/dpkg.js";
import { guessOrigin, heuristicRecords } from "../../src/audit/apt/origins.js";
import { allowedOriginToPattern, blacklistMatches, fnmatch, matchesPattern } from "../../src/audit/apt/patterns.js";
import { analyseScript } from "../../src/audit/apt/scripts.js";

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/audit/apt/${name}`, import.meta.url)), "utf8");
const conf = (...files: [string, string][]) => buildConfig(files.flatMap(([name, text]) => parseAptConf(text, name)));
const bookworm = { id: "Debian", codename: "bookworm", evidence: "test" };

describe("apt.conf syntax", () => {
  it("reads scalars, nested blocks, lists, :: appends and every comment style", () => {
    const config = conf([
      "a",
      [
        'APT::Periodic::Unattended-Upgrade "1"; // trailing',
        "# a hash comment",
        "Unattended-Upgrade {",
        '  Automatic-Reboot "true";',
        '  Package-Blacklist { "docker\\.io$"; /* inline */ "containerd"; };',
        "};",
        'Unattended-Upgrade::Package-Blacklist:: "runc";',
        'Unattended-Upgrade::Mail "root#not-a-comment";',
      ].join("\n"),
    ]);
    expect(scalar(config, "apt::periodic::unattended-upgrade")).toMatchObject({ value: "1", file: "a", line: 1 });
    expect(scalar(config, "Unattended-Upgrade::Automatic-Reboot")?.value).toBe("true");
    expect(list(config, "Unattended-Upgrade::Package-Blacklist").map((e) => [e.value, e.line])).toEqual([["docker\\.io$", 5], ["containerd", 5], ["runc", 7]]);
    expect(scalar(config, "Unattended-Upgrade::Mail")?.value).toBe("root#not-a-comment");
  });

  it("lets a later file override a scalar, add to a list, and #clear a subtree", () => {
    const config = conf(["50", 'A::B "1"; A::L { "x"; };'], ["60", 'A::B "0"; A::L { "y"; };'], ["70", "#clear A::L;"]);
    expect(scalar(config, "A::B")).toMatchObject({ value: "0", file: "60" });
    expect(list(config, "A::L")).toEqual([]);
    expect(list(conf(["50", 'A::L { "x"; };'], ["60", 'A::L { "y"; };']), "A::L").map((e) => e.value)).toEqual(["x", "y"]);
  });

  it("reads Debian's default file: three origin patterns, an empty blacklist, no reboot", () => {
    const config = conf(["50unattended-upgrades", fixture("debian-50unattended-upgrades")]);
    expect(list(config, "Unattended-Upgrade::Origins-Pattern").map((e) => e.value)).toEqual([
      "origin=Debian,codename=${distro_codename},label=Debian",
      "origin=Debian,codename=${distro_codename},label=Debian-Security",
      "origin=Debian,codename=${distro_codename}-security,label=Debian-Security",
    ]);
    expect(list(config, "Unattended-Upgrade::Package-Blacklist")).toEqual([]);
    expect(scalar(config, "Unattended-Upgrade::Automatic-Reboot")).toBeUndefined();
  });

  it("reads booleans as apt's FindB does", () => {
    expect(["true", "yes", "on", "1", "TRUE"].map(truthy)).toEqual([true, true, true, true, true]);
    expect(["false", "0", "no", "", undefined].map(truthy)).toEqual([false, false, false, false, false]);
  });
});

describe("which apt.conf.d files apt reads", () => {
  it("skips names with an extension other than .conf, odd characters and backups", () => {
    const choice = chooseConfFiles(["20auto-upgrades", "50unattended-upgrades", "51docker.blacklist", "52x.conf", "99 space", "50unattended-upgrades.dpkg-old", "60x~"]);
    expect(choice.read).toEqual(["20auto-upgrades", "50unattended-upgrades", "52x.conf"]);
    expect(choice.ignored.map((i) => i.name)).toEqual(["50unattended-upgrades.dpkg-old", "51docker.blacklist", "60x~", "99 space"]);
  });
});

describe("unattended-upgrades matching", () => {
  const [main, security] = heuristicRecords("Debian", "bookworm", "test");
  const docker = heuristicRecords("Docker", "bookworm", "test")[0]!;

  it("matches Origins-Pattern fields with fnmatch globs after substituting the distro", () => {
    expect(matchesPattern("origin=Debian,codename=${distro_codename}-security,label=Debian-Security", security!, bookworm)).toBe(true);
    expect(matchesPattern("origin=Debian,codename=${distro_codename},label=Debian", main!, bookworm)).toBe(true);
    expect(matchesPattern("origin=Debian,codename=${distro_codename},label=Debian", docker, bookworm)).toBe(false);
    expect(matchesPattern("o=Docker,l=Docker*", docker, bookworm)).toBe(true);
    expect(matchesPattern("site=download.docker.com", docker, bookworm)).toBe(true);
    expect(matchesPattern("origin=Debian,bogus=x", main!, bookworm)).toBe(false);
    expect(matchesPattern("", main!, bookworm)).toBe(false);
    expect(fnmatch("bookworm-security", "bookworm-*")).toBe(true);
    expect(fnmatch("a.b", "a?b")).toBe(true);
  });

  it("turns Allowed-Origins origin:archive into o=,a=", () => {
    expect(allowedOriginToPattern("${distro_id}:${distro_codename}-security")).toBe("o=${distro_id},a=${distro_codename}-security");
    const jammy = { id: "Ubuntu", codename: "jammy", evidence: "test" };
    const ubuntu = heuristicRecords("Ubuntu", "jammy", "test");
    expect(ubuntu.some((r) => matchesPattern(allowedOriginToPattern("${distro_id}:${distro_codename}-security"), r, jammy))).toBe(true);
  });

  it("applies Package-Blacklist with re.match: anchored at the start only", () => {
    expect(blacklistMatches("docker", "docker-ce")).toBe(true);
    expect(blacklistMatches("docker\\.io$", "docker.io")).toBe(true);
    expect(blacklistMatches("docker\\.io$", "docker.io-doc")).toBe(false);
    expect(blacklistMatches("io", "docker.io")).toBe(false);
    expect(blacklistMatches("(unclosed", "docker.io")).toBeUndefined();
  });

  it("guesses the origin from name and version when lists cannot tell", () => {
    expect(guessOrigin("docker-ce", "5:24.0.7-1~debian.12~bookworm", bookworm).origin).toBe("Docker");
    expect(guessOrigin("docker.io", "20.10.24+dfsg1-1+deb12u1+b6", bookworm).origin).toBe("Debian");
    expect(guessOrigin("docker.io", "24.0.7-0ubuntu2~22.04.1", undefined).origin).toBe("Ubuntu");
    expect(guessOrigin("runc", "1.1.12", undefined).origin).toBe("unknown");
  });
});

describe("dpkg status and debconf", () => {
  it("reads installed packages, holds and half-removed ones", () => {
    const status = [
      "Package: docker.io", "Status: hold ok installed", "Version: 20.10.24+dfsg1-1+deb12u1+b6", "Description: x", " continued", "",
      "Package: runc", "Status: deinstall ok config-files", "Version: 1.1.5", "",
    ].join("\n");
    expect(parseDpkgStatus(status).map((p) => [p.name, p.installed, p.held, p.line])).toEqual([["docker.io", true, true, 1], ["runc", false, false, 7]]);
    expect(parseDebconf("Name: docker.io/restart\nTemplate: docker.io/restart\nValue: true\n").get("docker.io/restart")).toBe("true");
  });
});

describe("maintainer scripts on upgrade", () => {
  const summary = (text: string, phase: "postinst" | "prerm") => analyseScript(text, phase).map((a) => `${a.unit} ${a.verb}${a.onUpgrade ? " on-upgrade" : ""}${a.gate ? ` if ${a.gate}` : ""}`);

  it("Debian's docker.io only starts docker in postinst and stops it only on remove", () => {
    expect(summary(fixture("debian-docker.io.postinst"), "postinst")).toEqual(["docker start on-upgrade", "docker start on-upgrade"]);
    expect(summary(fixture("debian-docker.io.prerm"), "prerm")).toEqual(["docker stop", "docker stop"]);
  });

  it("Debian's containerd restarts containerd on upgrade (debhelper's _dh_action)", () => {
    expect(summary(fixture("debian-containerd.postinst"), "postinst")).toEqual(["containerd restart on-upgrade"]);
    expect(summary(fixture("debian-containerd.prerm"), "prerm")).toEqual(["containerd stop"]);
  });

  it("docker-ce restarts docker on upgrade", () => {
    expect(summary(fixture("docker-ce.postinst"), "postinst")).toEqual(["docker restart on-upgrade", "docker restart on-upgrade"]);
  });

  it("Ubuntu's docker.io restarts only behind its debconf question", () => {
    expect(summary(fixture("ubuntu-docker.io.postinst"), "postinst")).toEqual(["docker restart on-upgrade if docker.io/restart", "docker start on-upgrade"]);
  });

  it("follows case \"$1\" labels and one-line conditions", () => {
    expect(summary(fixture("stop-on-upgrade.prerm"), "prerm")).toEqual(["docker stop on-upgrade"]);
    expect(summary('[ "$1" = remove ] && systemctl stop docker.service\n', "prerm")).toEqual(["docker stop"]);
    expect(summary('if [ "$1" = upgrade ]; then service docker stop; fi\n', "prerm")).toEqual(["docker stop on-upgrade"]);
  });
});
