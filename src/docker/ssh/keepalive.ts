// ssh keepalive on an unref'd timer, so a dead host is noticed without the timer holding the process open.
import type { Client } from "ssh2";

export const KEEPALIVE_INTERVAL_MS = 5_000;
export const KEEPALIVE_COUNT_MAX = 3;

/**
 * Every interval, a global request that wants a reply (ssh2's own keepalive runs on a ref'd setInterval, which would
 * keep a finished CLI alive). Cancelling a forward that does not exist is such a request through ssh2's public API:
 * the server answers "failure", which is the sign of life. After KEEPALIVE_COUNT_MAX unanswered ones the connection is
 * destroyed, as OpenSSH's ServerAliveCountMax does, and the session reconnects on its next use.
 */
export function startKeepalive(client: Client, intervalMs = KEEPALIVE_INTERVAL_MS, countMax = KEEPALIVE_COUNT_MAX): () => void {
  let unanswered = 0;
  const timer = setInterval(() => {
    if (++unanswered > countMax) {
      clearInterval(timer);
      client.destroy();
      return;
    }
    try {
      client.unforwardIn("127.0.0.1", 1, () => (unanswered = 0));
    } catch {
      clearInterval(timer); // not connected any more: the close handler has it
    }
  }, intervalMs).unref();
  return () => clearInterval(timer);
}
