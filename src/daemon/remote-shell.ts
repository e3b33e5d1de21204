// A shell on the machine an existing engine runs on: what daemon control and host processes need from ssh.
// src/docker/ssh/session.ts provides it; tests hand in a fake. Arguments are quoted here, never by callers.

export interface RemoteShell {
  /** Where the commands run, for messages: ssh://user@host:port. */
  readonly where: string;
  /** Runs argv through the remote user's shell; resolves with the exit code (null: killed or no status). */
  run(argv: string[], options?: { timeoutMs?: number }): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** POSIX single-quoting: every argument reaches the remote program as one word, whatever it contains. */
export const shellQuote = (arg: string): string => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

export const commandText = (argv: string[]): string => argv.map(shellQuote).join(" ");
