// An http.Agent whose connections are streams opened on demand (dial-stdio channels), for dockerode.
import { Agent, type ClientRequest } from "node:http";
import type { Duplex } from "node:stream";
import { asSocket, type ChannelHold } from "./channel-socket.js";
import { LazyStream } from "./lazy-stream.js";

/** Channels per agent: under sshd's default MaxSessions (10), so control commands still get a channel. */
export const AGENT_MAX_CHANNELS = 8;
/**
 * Idle channels kept for reuse. Each holds a dial-stdio process on the host, and with 8 idle ones a /_ping over a
 * kept channel took ~28 ms instead of ~3 ms (measured against Debian's sshd 9.2 and dockerd 20.10), so keep few.
 */
const MAX_IDLE_CHANNELS = 2;
/** An idle keep-alive channel is closed after this long. */
const IDLE_CHANNEL_MS = 15_000;

export function streamAgent(open: () => Promise<Duplex>): Agent {
  const agent = new Agent({ keepAlive: true, maxSockets: AGENT_MAX_CHANNELS, maxFreeSockets: MAX_IDLE_CHANNELS });
  // Handed over at once (see LazyStream); an error opening the channel reaches the request (and dockerode) as it is.
  agent.createConnection = () => {
    const stream = new LazyStream(open());
    const inner = () => stream.opened as (Duplex & Partial<ChannelHold>) | undefined;
    return asSocket(stream, { ref: () => inner()?.ref?.(), unref: () => inner()?.unref?.() });
  };
  // The idle timeout is kept here rather than as the Agent's `timeout` option: that one adds a "timeout" listener to
  // the socket per request, which Node's http never removes from a socket that is not a net.Socket.
  const idle = new WeakMap<Duplex, NodeJS.Timeout>();
  const keep = agent.keepSocketAlive.bind(agent);
  agent.keepSocketAlive = (socket: Duplex) => {
    const kept = keep(socket) as unknown as boolean;
    if (kept) idle.set(socket, setTimeout(() => socket.destroy(), IDLE_CHANNEL_MS).unref());
    return kept as unknown as void;
  };
  const reuse = agent.reuseSocket.bind(agent);
  agent.reuseSocket = (socket: Duplex, request: ClientRequest) => {
    clearTimeout(idle.get(socket));
    reuse(socket, request);
  };
  return agent;
}
