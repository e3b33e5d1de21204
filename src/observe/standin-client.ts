// Reads a stand-in's own view over HTTP: rebound times health itself instead of waiting for Docker's probe.
import { STANDIN_PORT } from "../standins/config.js";
import type { StandinStatus } from "../standins/status.js";
import { standinStatusSchema } from "./standin-status-schema.js";

/** A container's IP (its stand-in listens on the standard port), or "address:port" where a swarm node publishes it. */
const url = (ip: string, path: string) => (ip.includes(":") ? `http://${ip}${path}` : `http://${ip}:${STANDIN_PORT}${path}`);

export async function isHealthy(ip: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const response = await fetch(url(ip, "/healthz"), { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

/** undefined when the stand-in does not answer, or answers with something that is not a status. */
export async function fetchStatus(ip: string, timeoutMs = 1_000): Promise<StandinStatus | undefined> {
  try {
    const response = await fetch(url(ip, "/status"), { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? parseStatus(await response.json()) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * An answer that fails the schema is no valid observation, so it counts as no answer. The fields rebound
 * reads are checked; the rest are passed on as the stand-in sent them, hence the cast.
 */
export function parseStatus(body: unknown): StandinStatus | undefined {
  const parsed = standinStatusSchema.safeParse(body);
  return parsed.success ? (parsed.data as unknown as StandinStatus) : undefined;
}
