// What the apt source reads off a host, as plain data: the pure exposure rules take this, the reader fills it.
import type { ConfStatement } from "./conf-parse.js";
import type { InstalledPackage } from "./dpkg.js";
import type { Distro, OriginRecord } from "./origins.js";

export interface ListOrigins {
  byPackage: Map<string, OriginRecord[]>;
  /** Why lists could not answer, when they could not. */
  note?: string;
}

export interface AptFacts {
  root: string;
  statements: ConfStatement[];
  ignoredFiles: { file: string; reason: string; configuresUnattended: boolean }[];
  packages: InstalledPackage[];
  unattendedPackage?: InstalledPackage;
  statusFile: string;
  distro?: Distro;
  lists: ListOrigins;
  scripts: Map<string, { postinst?: { file: string; text: string }; prerm?: { file: string; text: string } }>;
  debconf: Map<string, string>;
}
