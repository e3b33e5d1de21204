// Installed packages from dpkg's status file (pure): version, hold, and whether it is really installed.
import { parseStanzas } from "./stanzas.js";

export interface InstalledPackage {
  name: string;
  version: string;
  architecture: string;
  /** dpkg's selection: "hold" is what apt-mark hold sets. */
  want: string;
  state: string;
  installed: boolean;
  held: boolean;
  line: number;
}

export function parseDpkgStatus(text: string): InstalledPackage[] {
  return parseStanzas(text)
    .filter((s) => s.fields.package)
    .map((s) => {
      const [want = "", , state = ""] = (s.fields.status ?? "").split(/\s+/);
      return {
        name: s.fields.package!,
        version: s.fields.version ?? "",
        architecture: s.fields.architecture ?? "",
        want,
        state,
        // half-configured or unpacked packages run their scripts too on the next upgrade.
        installed: ["installed", "half-configured", "unpacked", "triggers-awaited", "triggers-pending"].includes(state),
        held: want === "hold",
        line: s.line,
      };
    });
}

/** debconf's answers (var/cache/debconf/config.dat): question name -> value. */
export function parseDebconf(text: string): Map<string, string> {
  return new Map(parseStanzas(text).filter((s) => s.fields.name).map((s) => [s.fields.name!, s.fields.value ?? ""]));
}
