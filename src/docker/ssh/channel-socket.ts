// Gives an ssh channel the few net.Socket methods Node's http client and Agent call on their sockets.
import type { Duplex } from "node:stream";

export interface ChannelHold {
  /** The channel keeps the process alive (a request is using it). */
  ref(): void;
  /** The channel is idle in the Agent's pool: it must not keep the process alive. */
  unref(): void;
}

/**
 * http calls setTimeout (dockerode's request timeout, the Agent's idle timeout), setKeepAlive, ref and unref (when a
 * socket enters or leaves the keep-alive pool); a channel has none of them. setTimeout emits "timeout" after that
 * long without traffic, as a socket does; ref/unref go to the session, which refs its TCP socket while any is held.
 */
export function asSocket(channel: Duplex, hold: ChannelHold): Duplex {
  let timer: NodeJS.Timeout | undefined;
  let timeoutMs = 0;
  const arm = () => {
    if (timer) clearTimeout(timer);
    timer = timeoutMs > 0 ? setTimeout(() => channel.emit("timeout"), timeoutMs).unref() : undefined;
  };
  channel.on("data", arm);
  const write = channel.write.bind(channel) as (...args: unknown[]) => boolean;
  const socket = Object.assign(channel, {
    setTimeout(ms: number, callback?: () => void) {
      timeoutMs = ms;
      if (callback) channel.once("timeout", callback);
      arm();
      return socket;
    },
    setKeepAlive: () => socket,
    setNoDelay: () => socket,
    ref() {
      hold.ref();
      return socket;
    },
    unref() {
      hold.unref();
      return socket;
    },
  });
  socket.write = ((...args: unknown[]) => {
    arm();
    return write(...args);
  }) as Duplex["write"];
  channel.once("close", () => {
    if (timer) clearTimeout(timer);
  });
  return socket;
}
