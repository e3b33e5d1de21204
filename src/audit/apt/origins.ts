// Where a package's upgrades come from, as unattended-upgrades matches it: origin, label, archive (suite),
// codename, component, site. Read from apt's lists when they are readable; otherwise a documented heuristic
// from the package's name and version and the host's distribution.

export interface OriginRecord {
  /** Several candidates where the heuristic cannot know (a release's suite is stable or oldstable). */
  origin: string[];
  label: string[];
  archive: string[];
  codename: string[];
  component: string[];
  site: string[];
  /** Where this record came from, for the evidence. */
  source: string;
}

export interface Distro {
  /** As lsb_release -i says it: Debian, Ubuntu. */
  id: string;
  codename: string;
  evidence: string;
}

const DOCKER_REPO_PACKAGES = ["docker-ce", "docker-ce-cli", "containerd.io", "docker-ce-rootless-extras", "docker-buildx-plugin", "docker-compose-plugin"];

export type OriginGuess = "Docker" | "Ubuntu" | "Debian" | "unknown";

/** The heuristic: Docker's packages and versions (5:24.0.7-1~debian.12~bookworm), then ubuntu/deb suffixes. */
export function guessOrigin(name: string, version: string, distro: Distro | undefined): { origin: OriginGuess; why: string } {
  if (DOCKER_REPO_PACKAGES.includes(name) || /~(debian|ubuntu|raspbian)\.[0-9]/.test(version)) {
    return { origin: "Docker", why: `${name} ${version} is packaged by Docker (download.docker.com)` };
  }
  if (/ubuntu/i.test(version)) return { origin: "Ubuntu", why: `version ${version} carries an ubuntu suffix` };
  if (/[+~]deb[0-9]+u[0-9]+|\+b[0-9]+$|[+~]dfsg|[+~]ds[0-9]/.test(version) && distro?.id !== "Ubuntu") {
    return { origin: "Debian", why: `version ${version} carries a Debian suffix (+debNuM, +bN, dfsg/ds)` };
  }
  if (distro) return { origin: distro.id === "Ubuntu" ? "Ubuntu" : distro.id === "Debian" ? "Debian" : "unknown", why: `assumed from the host's distribution (${distro.evidence})` };
  return { origin: "unknown", why: "no lists, no recognisable version suffix, no os-release" };
}

const record = (source: string, r: Partial<Omit<OriginRecord, "source">>): OriginRecord => ({
  origin: [],
  label: [],
  archive: [],
  codename: [],
  component: ["main"],
  site: [],
  ...r,
  source,
});

/** The archives a distribution publishes a package's updates in. */
export function heuristicRecords(guess: OriginGuess, codename: string | undefined, why: string): OriginRecord[] {
  const c = codename ?? "*";
  const source = `heuristic: ${why}`;
  switch (guess) {
    case "Docker":
      return [record(source, { origin: ["Docker"], label: ["Docker CE"], archive: [c], codename: [c], component: ["stable"], site: ["download.docker.com"] })];
    case "Ubuntu":
      return ["", "-security", "-updates"].map((pocket) =>
        record(source, { origin: ["Ubuntu"], label: ["Ubuntu"], archive: [`${c}${pocket}`], codename: [c], site: ["archive.ubuntu.com", "security.ubuntu.com"] }),
      );
    case "Debian":
      return [
        record(source, { origin: ["Debian"], label: ["Debian"], archive: ["stable", "oldstable", c], codename: [c], site: ["deb.debian.org"] }),
        record(source, { origin: ["Debian"], label: ["Debian-Security"], archive: ["stable-security", "oldstable-security", `${c}-security`], codename: [`${c}-security`], site: ["deb.debian.org", "security.debian.org"] }),
        record(source, { origin: ["Debian"], label: ["Debian"], archive: ["stable-updates", "oldstable-updates", `${c}-updates`], codename: [`${c}-updates`], site: ["deb.debian.org"] }),
      ];
    case "unknown":
      // Nothing is known: match anything, so an unknown origin is reported rather than silently trusted.
      return [record(`${source} (treated as matching every pattern)`, { origin: ["*"], label: ["*"], archive: ["*"], codename: ["*"], component: ["*"], site: ["*"] })];
  }
}

/** A Release file's fields as a record; component and site come from the Packages file's name. */
export function releaseRecord(fields: Record<string, string>, component: string, site: string, source: string): OriginRecord {
  const one = (v: string | undefined) => (v === undefined ? [""] : [v]);
  return { origin: one(fields.origin), label: one(fields.label), archive: one(fields.suite), codename: one(fields.codename), component: [component], site: [site], source };
}
