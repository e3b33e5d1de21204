// One long-lived ssh connection per host: Docker API streams and control commands are channels on it.
import type { Agent } from "node:http";
import type { Duplex } from "node:stream";
import type { ClientChannel } from "ssh2";
import { environmentError } from "../../errors.js";
import { asSocket, type ChannelHold } from "./channel-socket.js";
import { openSshConnection, type SshConnection } from "./connect.js";
import { streamAgent } from "./http-agent.js";
import { startKeepalive } from "./keepalive.js";
import { collect, firstLine, openExec } from "./exec.js";
import { sshUrlOf, type SshTarget } from "./target.js";

export interface ExecResult {
  /** null when the remote command ended by a signal or the channel closed without a status. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SshSession {
  readonly target: SshTarget;
  /** Runs a command through the remote user's shell; rejects only when the connection fails or times out. */
  exec(command: string, options?: { timeoutMs?: number }): Promise<ExecResult>;
  /** A byte stream to the remote Docker API (`docker system dial-stdio`), as a channel on the one connection. */
  dialDocker(): Promise<Duplex>;
  close(): void;
}

/** Open channels per connection: sshd's default MaxSessions; more wait for one to close. */
const MAX_CHANNELS = 10;

interface Live extends SshConnection {
  dead: boolean;
  stopKeepalive(): void;
  /** Whether the host has the docker CLI, asked once per connection before the first dial-stdio. */
  dockerCli?: Promise<void>;
}

class Session implements SshSession {
  private current?: Live;
  private connecting?: Promise<Live>;
  private channels = 0;
  private readonly waiting: (() => void)[] = [];
  private holds = 0;
  private closed = false;

  constructor(readonly target: SshTarget) {}

  async exec(command: string, options: { timeoutMs?: number } = {}): Promise<ExecResult> {
    const { channel, live } = await this.openChannel(command);
    return collect(channel, command, sshUrlOf(this.target), options.timeoutMs, () => live.dead);
  }

  async dialDocker(): Promise<Duplex> {
    const url = sshUrlOf(this.target);
    const { channel, hold } = await this.openChannel("docker system dial-stdio");
    let stderr = "";
    // Only the first lines matter for the message; a stream can stay open for hours (docker events).
    channel.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(0, 4096)));
    channel.once("exit", (code: number | null) => {
      // dial-stdio ends with 0 when the stream closes; anything else is the host refusing (no daemon, no permission).
      if (code === 0 || code === null || channel.listenerCount("error") === 0) return;
      const reason = code === 127 ? `docker CLI not found on ${url}: dial-stdio needs it` : `docker system dial-stdio on ${url} exited ${code}: ${firstLine(stderr)}`;
      channel.emit("error", environmentError(reason));
    });
    return asSocket(channel, hold);
  }

  close(): void {
    this.closed = true;
    this.current?.stopKeepalive();
    this.current?.client.end();
    this.current = undefined;
    if (sessions.get(keyOf(this.target)) === this) sessions.delete(keyOf(this.target));
  }

  /**
   * Opens an exec channel on the connection, connecting on first use. If the connection has dropped (the host
   * rebooted), it connects again once; a second failure is the caller's. A command that already started is never run
   * again. The channel holds a slot (sshd's MaxSessions) until it closes, and keeps the process alive while held.
   */
  private async openChannel(command: string): Promise<{ channel: ClientChannel; live: Live; hold: ChannelHold }> {
    if (this.closed) throw environmentError(`${sshUrlOf(this.target)}: the ssh session is closed`);
    await this.slot();
    let held = true;
    this.hold(1);
    const hold: ChannelHold = {
      ref: () => {
        if (!held) (held = true), this.hold(1);
      },
      unref: () => {
        if (held) (held = false), this.hold(-1);
      },
    };
    try {
      const open = async (live: Live) => {
        if (command === "docker system dial-stdio") {
          live.dockerCli ??= this.checkDockerCli(live);
          await live.dockerCli;
        }
        return { channel: await openExec(live.client, command, sshUrlOf(this.target)), live };
      };
      const live = await this.connection();
      let opened: { channel: ClientChannel; live: Live };
      try {
        opened = await open(live);
      } catch (error) {
        if (!live.dead && !/Not connected|No response from server/.test((error as Error).message)) throw error;
        live.dead = true;
        opened = await open(await this.connection());
      }
      opened.channel.once("close", () => {
        hold.unref();
        this.release();
      });
      return { ...opened, hold };
    } catch (error) {
      hold.unref();
      this.release();
      throw error;
    }
  }

  private async checkDockerCli(live: Live): Promise<void> {
    const url = sshUrlOf(this.target);
    const result = await collect(await openExec(live.client, "command -v docker", url), "command -v docker", url, 10_000, () => live.dead);
    if (result.code !== 0) throw environmentError(`docker CLI not found on ${url}: dial-stdio needs it`, "install the docker CLI on the host");
  }

  private connection(): Promise<Live> {
    if (this.current && !this.current.dead) return Promise.resolve(this.current);
    this.connecting ??= openSshConnection(this.target)
      .then((connection) => (this.current = this.adopt(connection)))
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private adopt(connection: SshConnection): Live {
    const live: Live = { ...connection, dead: false, stopKeepalive: () => {} };
    const die = () => {
      live.dead = true;
      live.stopKeepalive();
    };
    // Errors after the handshake end the connection; the next call reconnects, so nothing is logged here.
    connection.client.on("error", die).on("close", die).on("end", die);
    live.stopKeepalive = startKeepalive(connection.client);
    if (this.holds === 0) connection.socket.unref();
    return live;
  }

  private hold(delta: number): void {
    this.holds += delta;
    // The TCP socket keeps the process alive only while a channel is in use: an idle CLI exits on its own.
    if (this.holds > 0) this.current?.socket.ref();
    else this.current?.socket.unref();
  }

  private async slot(): Promise<void> {
    if (this.channels < MAX_CHANNELS) {
      this.channels += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  /** Frees a channel slot, handing it to the next waiter if there is one. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.channels -= 1;
  }
}

const sessions = new Map<string, Session>();
const agents = new Map<string, Agent>();
const keyOf = (target: SshTarget): string => sshUrlOf(target);

/** The process's one session to a target (by user, host and port), opened on first use. */
export function sshSession(target: SshTarget): Promise<SshSession> {
  const key = keyOf(target);
  let session = sessions.get(key);
  if (!session) {
    // The connection itself opens with the first channel, so a failure surfaces there, with the call that needed it.
    session = new Session(target);
    sessions.set(key, session);
  }
  return Promise.resolve(session);
}

/** An http.Agent whose connections are dial-stdio channels of the target's session; synchronous for dockerode. */
export function sshHttpAgent(target: SshTarget): Agent {
  const key = keyOf(target);
  let agent = agents.get(key);
  if (!agent) {
    agent = streamAgent(async () => (await sshSession(target)).dialDocker());
    agents.set(key, agent);
  }
  return agent;
}

/** Closes every open session (at exit, and in tests). */
export function closeSshSessions(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
  for (const session of [...sessions.values()]) session.close();
  sessions.clear();
}
