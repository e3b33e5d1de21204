// An http.Agent whose connections are streams opened on demand (dial-stdio channels), for dockerode.
import { Agent } from "node:http";
import type { Duplex } from "node:stream";

/** Channels per agent: under sshd's default MaxSessions (10), so control commands still get a channel. */
export const AGENT_MAX_CHANNELS = 8;
/** An idle keep-alive channel is closed after this long (it holds a dial-stdio process on the host). */
const IDLE_CHANNEL_MS = 15_000;

export function streamAgent(open: () => Promise<Duplex>): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: AGENT_MAX_CHANNELS, maxFreeSockets: AGENT_MAX_CHANNELS, timeout: IDLE_CHANNEL_MS });
  // Returning nothing makes the Agent wait for the callback; the error reaches the request (and dockerode) as it is.
  agent.createConnection = (_options, callback) => {
    open().then(
      (stream) => callback?.(null, stream),
      (error: Error) => callback?.(error, undefined as never),
    );
    return undefined;
  };
  return agent;
}
