// The model's transport over HTTP: requests go only to the peer and PoET addresses rebound configured.
import { Agent } from "node:http";
import type { PeerAddress } from "./config.js";
import { requestJson } from "./http.js";
import type { MessagePath, Reply, Transport } from "./model/transport.js";

export class HttpTransport implements Transport {
  // Keep-alive: a vote to every peer every layer would otherwise open and close a connection each time.
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 4, maxFreeSockets: 2 });

  request(to: PeerAddress, path: MessagePath, body: unknown, timeoutMs: number): Promise<Reply | undefined> {
    return requestJson(this.agent, to.address, path, body, timeoutMs).then(
      (reply) => reply,
      () => undefined,
    );
  }

  close(): void {
    this.agent.destroy();
  }
}
