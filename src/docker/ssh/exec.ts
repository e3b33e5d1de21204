// Running one command on an ssh channel: open it, collect its output and exit status, bounded in time.
import type { Client, ClientChannel } from "ssh2";
import { environmentError } from "../../errors.js";

export function openExec(client: Client, command: string, url: string): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    try {
      client.exec(command, (error, channel) => {
        if (!error) return resolve(channel);
        // sshd refuses a channel past its MaxSessions; ssh2 says only "open failed".
        if (/open failed/i.test(error.message)) {
          reject(environmentError(`${url}: sshd refused a channel for "${command}" (${error.message})`, "raise MaxSessions in the host's sshd_config"));
        } else reject(error);
      });
    } catch (error) {
      reject(error as Error);
    }
  });
}

export interface Collected {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Waits for the channel to close; rejects if it runs past timeoutMs or the connection drops under it. */
export function collect(channel: ClientChannel, command: string, url: string, timeoutMs: number | undefined, connectionLost: () => boolean): Promise<Collected> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    let stderr = "";
    let code: number | null = null;
    channel.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    channel.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    channel.on("exit", (status: number | null) => (code = typeof status === "number" ? status : null));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            channel.close();
            reject(environmentError(`${url}: "${command}" did not finish within ${Math.round(timeoutMs / 100) / 10} s`));
          }, timeoutMs);
    // ssh2 emits "exit" as soon as the exit status arrives, which for a quick command can be in the same read as
    // the channel's opening, before this listener exists; "close" carries the same code.
    channel.once("close", (closeCode?: number | null) => {
      if (code === null && typeof closeCode === "number") code = closeCode;
      if (timer) clearTimeout(timer);
      if (code === null && connectionLost()) reject(environmentError(`${url}: the ssh connection dropped while running "${command}"`));
      else resolve({ code, stdout, stderr });
    });
  });
}

export const firstLine = (text: string): string => text.trim().split("\n")[0] || "(no output)";
