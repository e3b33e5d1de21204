// Waits until every stand-in answers /healthz, and records how long each took.
import { isHealthy } from "../observe/standin-client.js";
import { throwIfInterrupted } from "../util/interrupt.js";
import { sleep } from "../daemon/process-info.js";
import { environmentError } from "../errors.js";

export interface HealthTiming {
  name: string;
  ms: number;
}

export async function waitHealthy(
  targets: { name: string; ip: string }[],
  options: { timeoutMs: number; signal?: AbortSignal; onProgress?: (healthy: number, total: number) => void },
): Promise<HealthTiming[]> {
  const started = Date.now();
  const pending = new Map(targets.map((target) => [target.name, target.ip]));
  const timings: HealthTiming[] = [];
  while (pending.size > 0) {
    throwIfInterrupted(options.signal);
    const checks = await Promise.all([...pending].map(async ([name, ip]) => [name, await isHealthy(ip, 800)] as const));
    for (const [name, healthy] of checks) {
      if (!healthy) continue;
      pending.delete(name);
      timings.push({ name, ms: Date.now() - started });
    }
    if (checks.some(([, healthy]) => healthy)) options.onProgress?.(timings.length, targets.length);
    if (pending.size === 0) break;
    if (Date.now() - started > options.timeoutMs) {
      throw environmentError(
        `${pending.size} of ${targets.length} stand-ins not healthy after ${Math.round(options.timeoutMs / 1000)} s: ${[...pending.keys()].slice(0, 5).join(", ")}`,
        "see their logs with docker -H <endpoint> logs NAME (rebound engine status lists endpoints)",
      );
    }
    await sleep(250);
  }
  return timings;
}
