// Reads a stand-in's own view over HTTP: rebound times health itself instead of waiting for Docker's probe.
import { STANDIN_PORT } from "../standins/config.js";
import type { StandinStatus } from "../standins/status.js";

const url = (ip: string, path: string) => `http://${ip}:${STANDIN_PORT}${path}`;

export async function isHealthy(ip: string, timeoutMs = 1_000): Promise<boolean> {
  try {
    const response = await fetch(url(ip, "/healthz"), { signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

export async function fetchStatus(ip: string, timeoutMs = 1_000): Promise<StandinStatus | undefined> {
  try {
    const response = await fetch(url(ip, "/status"), { signal: AbortSignal.timeout(timeoutMs) });
    return response.ok ? ((await response.json()) as StandinStatus) : undefined;
  } catch {
    return undefined;
  }
}
