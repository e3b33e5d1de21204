// The Docker packages the audit cares about, and what each is known to do on upgrade when its scripts are absent.
import type { Unit, Verb } from "./scripts.js";

export const DOCKER_PACKAGES = ["docker.io", "docker-ce", "docker-engine", "moby-engine", "containerd", "containerd.io", "moby-containerd", "runc", "moby-runc"];

/** Which daemon's binary a package replaces: the running daemon keeps the old one until it restarts. */
export function shipsUnit(name: string): Unit | undefined {
  if (["docker.io", "docker-ce", "docker-engine", "moby-engine"].includes(name)) return "docker";
  if (["containerd", "containerd.io", "moby-containerd"].includes(name)) return "containerd";
  return undefined;
}

export interface KnownBehaviour {
  unit: Unit;
  verb: Verb;
  gate?: string;
  why: string;
}

/** From the packages' own scripts (see docs/audit.md); used only when the root has no maintainer scripts. */
export function knownBehaviour(name: string, origin: string): KnownBehaviour[] {
  switch (name) {
    case "docker-ce":
    case "docker-engine":
      return [{ unit: "docker", verb: "restart", why: "Docker's docker-ce postinst restarts docker.service on upgrade (debhelper's default)" }];
    case "docker.io":
      return origin === "Ubuntu"
        ? [{ unit: "docker", verb: "restart", gate: "docker.io/restart", why: "Ubuntu's docker.io restarts docker only when debconf docker.io/restart is true (default false)" }]
        : [{ unit: "docker", verb: "start", why: "Debian's docker.io only starts docker in postinst and stops it only on remove" }];
    case "containerd":
    case "containerd.io":
    case "moby-containerd":
      return [{ unit: "containerd", verb: "restart", why: `${name}'s postinst restarts containerd.service on upgrade (debhelper's default)` }];
    default:
      return [];
  }
}
