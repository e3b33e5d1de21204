// A Docker daemon as the audit sees it: a live one (/info), its daemon.json, or a profile's sandbox host.

export interface DaemonConfigFile {
  file: string;
  /** Undefined when the file does not set it (dockerd's default: false). */
  liveRestore?: { value: boolean; line: number };
}

export interface DaemonSubject {
  /** How to change its configuration: a daemon.json (live daemons and files) or a profile key. */
  configuredBy: { kind: "daemon-json"; file: string } | { kind: "profile"; file: string; path: string };
  liveRestore?: { value: boolean; evidence: string };
  swarmActive?: boolean;
  version?: string;
  config?: DaemonConfigFile;
}
