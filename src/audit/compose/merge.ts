// Several compose files as one project, the way `docker compose -f a.yml -f b.yml` merges them: a later file's
// keys override, mounts are merged by target.
import type { ComposeMount, ComposeService } from "./model.js";

function mergeMounts(base: ComposeMount[], override: ComposeMount[]): ComposeMount[] {
  const byTarget = new Map(base.map((mount) => [mount.target, mount]));
  for (const mount of override) byTarget.set(mount.target, mount);
  return [...byTarget.values()];
}

function mergeService(base: ComposeService, override: ComposeService): ComposeService {
  return {
    name: base.name,
    at: base.at,
    restart: override.restart ?? base.restart,
    deployRestart: override.deployRestart ?? base.deployRestart,
    deploy: override.deploy ?? base.deploy,
    mounts: mergeMounts(base.mounts, override.mounts),
    healthcheck: override.healthcheck ?? base.healthcheck,
    stopGracePeriod: override.stopGracePeriod ?? base.stopGracePeriod,
  };
}

export function mergeServices(files: ComposeService[][]): ComposeService[] {
  const merged = new Map<string, ComposeService>();
  for (const services of files) {
    for (const service of services) {
      const base = merged.get(service.name);
      merged.set(service.name, base ? mergeService(base, service) : service);
    }
  }
  return [...merged.values()];
}
