// Opens one authenticated ssh connection, with every way it can fail turned into a one-line exit-3 error.
import { connect as tcpConnect, type Socket } from "node:net";
// ssh2 is CommonJS: Node's ESM loader gives only its default export, not named ones.
import ssh2, { type Client } from "ssh2";
import { environmentError, ReboundError } from "../../errors.js";
import { sshAuth } from "./auth.js";
import { hostKeyCheck } from "./host-key.js";
import { sshUrlOf, type SshTarget } from "./target.js";

export const READY_TIMEOUT_MS = 10_000;

export interface SshConnection {
  client: Client;
  /** The TCP socket under the client, so the session can ref it while in use and unref it when idle. */
  socket: Socket;
}

export async function openSshConnection(target: SshTarget): Promise<SshConnection> {
  const url = sshUrlOf(target);
  // Credentials and known_hosts are read before dialling: a missing key needs no network to report.
  const auth = sshAuth(target);
  const check = hostKeyCheck(target);
  const socket = await dial(target, url);
  const client = new ssh2.Client();
  let refused: ReboundError | undefined;
  return new Promise((resolve, reject) => {
    const fail = (error: Error & { level?: string; code?: string }) => {
      client.removeListener("ready", onReady);
      socket.destroy();
      reject(refused ?? explain(error, url, auth.tried));
    };
    const onReady = () => {
      client.removeListener("error", fail);
      resolve({ client, socket });
    };
    client.once("ready", onReady).once("error", fail);
    client.connect({
      sock: socket,
      username: target.user,
      privateKey: auth.privateKey,
      agent: auth.agent,
      readyTimeout: READY_TIMEOUT_MS,
      // Keepalive is the session's (an unref'd timer), so an idle session never holds the process open.
      keepaliveInterval: 0,
      algorithms: { serverHostKey: check.algorithms as never },
      hostVerifier: (key: Buffer) => {
        refused = check.refusal(key);
        return refused === undefined;
      },
    });
  });
}

function dial(target: SshTarget, url: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: target.host, port: target.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(environmentError(`${url}: no TCP connection within ${READY_TIMEOUT_MS / 1000} s`, "check that the host is up and sshd listens on that port"));
    }, READY_TIMEOUT_MS);
    socket.once("connect", () => {
      clearTimeout(timer);
      // Requests and channel opens are small writes waiting for an answer: Nagle would hold each for a delayed ACK (40 ms).
      socket.setNoDelay(true);
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const what = error.code === "ECONNREFUSED" ? "connection refused" : error.code === "ENOTFOUND" ? "host name not found" : `cannot connect (${error.code ?? error.message})`;
      reject(environmentError(`${url}: ${what}`, "check that the host is up and sshd listens on that port"));
    });
  });
}

function explain(error: Error & { level?: string }, url: string, tried: string): ReboundError {
  if (error instanceof ReboundError) return error;
  if (error.level === "client-authentication") {
    const [, rest] = url.split("//");
    const userHost = rest!.slice(0, rest!.lastIndexOf(":"));
    return environmentError(`${url}: ssh authentication failed for ${userHost} with ${tried}`, "check that the key's public half is in the remote user's ~/.ssh/authorized_keys");
  }
  if (error.level === "client-timeout") return environmentError(`${url}: no ssh handshake within ${READY_TIMEOUT_MS / 1000} s`, "check that the port is sshd's");
  return environmentError(`${url}: ssh connection failed: ${error.message}`);
}
