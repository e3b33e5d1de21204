// The processes of the machine a daemon runs on: what faults do below Docker's API (a kill by PID, a rule in a
// container's network namespace). Local here; a remote host (ssh) implements the same interface.
import { run, SubprocessError } from "../util/subprocess.js";
import { isAlive } from "./process-info.js";

export interface HostProcesses {
  /** Sends a signal; a process that is already gone is not an error (the point of a kill is that it is gone). */
  signal(pid: number, signal: NodeJS.Signals): Promise<void>;
  isAlive(pid: number): Promise<boolean>;
  /**
   * Runs a program inside the network namespace of process `pid`. With `ifPresent`, a namespace that is gone
   * (the container restarted) means there is nothing left to do, not a failure.
   */
  inNetns(pid: number, file: string, args: string[], options?: { ifPresent?: boolean }): Promise<void>;
}

export const localProcesses: HostProcesses = {
  async signal(pid, signal) {
    try {
      process.kill(pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  },
  isAlive: async (pid) => isAlive(pid),
  async inNetns(pid, file, args, options = {}) {
    try {
      await run("nsenter", ["-t", String(pid), "-n", file, ...args], { timeoutMs: 10_000 });
    } catch (error) {
      if (options.ifPresent && error instanceof SubprocessError) return;
      throw error;
    }
  },
};
