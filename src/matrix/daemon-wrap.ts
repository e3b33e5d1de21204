// A daemon controller with some of its actions replaced, the rest passed through: how the matrix serialises its
// daemons' starts without touching the run's controller.
import type { DaemonController } from "../daemon/controller.js";

export function wrapDaemon(daemon: DaemonController, replace: Partial<Pick<DaemonController, "start" | "stop" | "kill">>): DaemonController {
  return {
    name: daemon.name,
    endpoint: daemon.endpoint,
    start: replace.start ?? (() => daemon.start()),
    stop: replace.stop ?? (() => daemon.stop()),
    kill: replace.kill ?? (() => daemon.kill()),
    status: () => daemon.status(),
    containerdPid: () => daemon.containerdPid(),
    shimPids: () => daemon.shimPids(),
  };
}
