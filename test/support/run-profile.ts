// Test support: write a small profile with a given method into a temp dir, for experiment tests.
import { writeFileSync } from "node:fs";
import { join } from "node:path";

export function writeProfile(dir: string, name: string, method: string, extra = ""): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(
    path,
    `name: ${name}
hosts:
  a: { shutdownTimeout: 5 }
network: { layerSeconds: 1, layersPerEpoch: 10, postInitLayers: 1 }
smeshers:
  - { group: s, count: 2, units: 10, host: a, restart: unless-stopped }
poets:
  - { group: poet, count: 1, host: a, restart: unless-stopped }
steady: { verifiedLag: 3, forLayers: 2, timeoutSeconds: 120 }
end: { afterLayers: 3 }
method:
${method}
${extra}`,
  );
  return path;
}
