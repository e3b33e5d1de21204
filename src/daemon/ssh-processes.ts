// The processes of an existing engine's machine, reached over ssh: a kill by PID and a command in a container's
// network namespace, as src/daemon/host-processes.ts does them locally.
import type { HostProcesses } from "./host-processes.js";
import type { RemoteShell } from "./remote-shell.js";

export function remoteProcesses(shell: RemoteShell): HostProcesses {
  return {
    async signal(pid, signal) {
      const result = await shell.run(["kill", "-s", signal.replace(/^SIG/, ""), String(pid)]);
      // Gone already is the point of a kill, as locally.
      if (result.code !== 0 && !/no such process/i.test(result.stderr)) {
        throw new Error(`${shell.where}: kill -s ${signal} ${pid} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
      }
    },
    async isAlive(pid) {
      return (await shell.run(["kill", "-0", String(pid)])).code === 0;
    },
    async inNetns(pid, file, args, options = {}) {
      const result = await shell.run(["nsenter", "-t", String(pid), "-n", file, ...args], { timeoutMs: 10_000 });
      if (result.code === 0 || options.ifPresent) return;
      throw new Error(`${shell.where}: nsenter -t ${pid} -n ${file} failed: ${result.stderr.trim() || `exit ${result.code}`}`);
    },
  };
}
