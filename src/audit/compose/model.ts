// A compose service reduced to what restart readiness depends on, every value with the place it came from.
import type { Location } from "../finding.js";

export interface Placed<T> {
  value: T;
  at: Location;
}

export type MountKind = "named" | "bind" | "anonymous" | "tmpfs";

export interface ComposeMount {
  kind: MountKind;
  source?: string;
  target: string;
  readOnly: boolean;
  /** A named volume's driver from the file's top-level volumes: ("local" when it names none); "external" for external: true. */
  driver?: string;
  at: Location;
}

export interface ComposeRestart {
  /** After interpolation; a YAML 1.1 `no` arrives as the boolean false and is "no" here. */
  text: string;
  /** Written without quotes as no/false/off: YAML 1.1 readers see a boolean. */
  unquotedBoolean: boolean;
  at: Location;
}

export interface ComposeDeployRestart {
  condition?: Placed<string>;
  maxAttempts?: Placed<number>;
  delay?: Placed<string>;
  window?: Placed<string>;
  at: Location;
}

/** What docker stack deploy reads beyond the restart policy: where a service's tasks may run. */
export interface ComposeDeployPlacement {
  /** deploy.mode: replicated (the default) or global (one task on every node, never moved). */
  mode?: Placed<string>;
  /** deploy.placement.constraints, each as written ("node.hostname == vm1"). */
  constraints: Placed<string>[];
  at: Location;
}

export interface ComposeHealthcheck {
  disabled: boolean;
  interval?: Placed<number>;
  at: Location;
}

export interface ComposeService {
  name: string;
  /** Where the service is defined (its key in the first file that names it). */
  at: Location;
  restart?: ComposeRestart;
  deployRestart?: ComposeDeployRestart;
  /** deploy: with its mode and placement; undefined when the service has no deploy: key. */
  deploy?: ComposeDeployPlacement;
  mounts: ComposeMount[];
  healthcheck?: ComposeHealthcheck;
  stopGracePeriod?: Placed<number>;
}

export interface ComposeProject {
  /** The files merged into this project, in order (docker compose -f a -f b). */
  files: string[];
  services: ComposeService[];
}
