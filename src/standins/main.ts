// Entry point of the stand-in image: reads REBOUND_CONFIG and runs the smesher or the PoET it describes.
import { readStandinConfig, type StandinConfig } from "./config.js";
import { serve } from "./http.js";
import { handleSignals } from "./lifecycle.js";
import { makeLogger } from "./log.js";
import { renderMetrics } from "./metrics.js";
import { createPoet } from "./poet.js";
import { beginRun, exitRecorder } from "./run-marker.js";
import { noSlowLayers, type Context } from "./runtime.js";
import { createSmesher } from "./smesher.js";
import { Store } from "./store.js";

/** Only what would otherwise fail later and obscurely; rebound's profile schema validated the rest. */
function check(c: StandinConfig): void {
  if (c.role !== "smesher" && c.role !== "poet") throw new Error(`role must be smesher or poet, got ${String(c.role)}`);
  if (!c.id || !c.dataDir) throw new Error("id and dataDir are required");
  if (!Number.isInteger(c.port) || c.port < 0 || c.port > 65535) throw new Error(`bad port ${String(c.port)}`);
  if (!(c.clock?.layerMs > 0) || !(c.clock.layersPerEpoch > 0)) throw new Error("clock.layerMs and clock.layersPerEpoch must be positive");
}

async function main(): Promise<void> {
  const config = readStandinConfig();
  check(config);
  const log = makeLogger(config.role, config.id);
  const store = new Store(config.dataDir);
  const run = beginRun(store, config.misbehaviour?.resume === false, Date.now(), log);
  if (run.wiped !== undefined) log("wipe", { entries: run.wiped, reason: "resume: false" });
  log("last-exit", { ...run.lastExit });
  const recordExit = exitRecorder(store, Date.now, log);
  // Any other way out this process takes itself (a fatal error, an uncaught exception) still records its code.
  process.on("exit", (code) => recordExit(code, "error"));
  const ctx: Context = { config, store, log, now: Date.now, slow: noSlowLayers() };
  const standin = config.role === "smesher" ? createSmesher(ctx) : createPoet(ctx);
  // The start is on disk before anyone can observe it; from here the layer's work does not wait for the disk.
  store.startBackgroundWrites((error) => log("write-failed", { error }));
  let ready = false;
  const server = await serve(config.port, {
    "GET /healthz": () => (ready ? { status: 200, body: "ok\n" } : { status: 503, body: "not ready\n" }),
    "GET /status": () => ({ status: 200, body: { ...standin.status(), lastExit: run.lastExit, slowLayers: ctx.slow } }),
    "GET /metrics": () => ({ status: 200, body: renderMetrics(standin.status()), type: "text/plain; version=0.0.4" }),
    ...standin.routes,
  });
  handleSignals({ standin, server, log, ignoreSigterm: config.misbehaviour?.ignoreSigterm === true, onStopping: async () => {
      ready = false;
      await store.stopBackgroundWrites(); // the writes under way land first, so the stop's own state is the newest
    }, onExit: recordExit });
  standin.start();
  ready = true;
  log("serving", { port: config.port, dataDir: config.dataDir });
}

main().catch((err: Error) => {
  process.stderr.write(`${new Date().toISOString()} fatal ${err.message}\n`);
  process.exit(1);
});
