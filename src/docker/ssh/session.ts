// One long-lived ssh connection per host: Docker API streams and control commands are channels on it.
import type { Agent } from "node:http";
import type { Duplex } from "node:stream";
import type { SshTarget } from "./target.js";

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

/** The process's one session to a target (by user, host and port), opened on first use. */
export function sshSession(target: SshTarget): Promise<SshSession> {
  return Promise.reject(new Error(`ssh to ${target.host}: not built yet`));
}

/** An http.Agent whose connections are dial-stdio channels of the target's session; synchronous for dockerode. */
export function sshHttpAgent(target: SshTarget): Agent {
  throw new Error(`ssh to ${target.host}: not built yet`);
}

/** Closes every open session (at exit, and in tests). */
export function closeSshSessions(): void {}
