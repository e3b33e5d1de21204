// Runs a command on a remote host with the system ssh client, host key checked, as a person (or rebound) would.
import { execa } from "execa";
import type { RemoteHost } from "./index.js";

export interface SshResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** ssh's own arguments for this host: its key, a known_hosts file (the host's own unless given), no prompts. */
export function sshArgs(host: RemoteHost, knownHostsFile = host.knownHostsFile): string[] {
  return ["-i", host.identityFile, "-o", `UserKnownHostsFile=${knownHostsFile}`, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", `root@${host.address}`];
}

export async function sshRun(host: RemoteHost, command: string, options: { knownHostsFile?: string; input?: string; inputFile?: string } = {}): Promise<SshResult> {
  const result = await execa("ssh", [...sshArgs(host, options.knownHostsFile), command], { reject: false, timeout: 60_000, ...(options.inputFile !== undefined ? { inputFile: options.inputFile } : { input: options.input ?? "" }) });
  return { code: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}
