// Signals: a clean stop persists and exits 0 well inside Docker's grace period; ignoreSigterm misbehaves on purpose.
import type { Server } from "node:http";
import type { Logger } from "./log.js";
import type { Standin } from "./runtime.js";

export interface Lifecycle {
  standin: Standin;
  server: Server;
  log: Logger;
  ignoreSigterm: boolean;
  /** Called first and awaited, so /healthz turns 503 and background writes settle while the process goes away. */
  onStopping: () => void | Promise<void>;
  /** Called last, just before process.exit, with the code and the signal: records how this run ended. */
  onExit: (code: number, signal: string) => void;
}

export function handleSignals(l: Lifecycle): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await l.onStopping();
    // Everything below is synchronous: the state is on disk before exit, with no event-loop turn to wait for.
    const persisted = l.standin.stop();
    l.server.closeAllConnections();
    l.server.close();
    const code = persisted ? 0 : 1;
    l.log("exit", { signal, code, persisted });
    l.onExit(code, signal);
    process.exit(code);
  };
  process.on("SIGTERM", () => {
    // The misbehaviour a profile switches on to show that Docker then kills it (exit 137) and the check catches it.
    if (l.ignoreSigterm) return l.log("sigterm-ignored");
    void shutdown("SIGTERM");
  });
  process.on("SIGINT", () => void shutdown("SIGINT"));
}
