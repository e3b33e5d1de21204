// The PoET stand-in: the model's PoetServer on a layer ticker, registrations and proofs over HTTP.
import { resolveParams } from "./model/params.js";
import { PoetServer } from "./model/poet-server.js";
import type { Transport } from "./model/transport.js";
import { everyLayer, modelEnv, route, type Context, type Standin } from "./runtime.js";

/** A PoET only answers: it never calls anyone. */
const silent: Transport = { request: () => Promise.resolve(undefined) };

export function createPoet(ctx: Context): Standin {
  const server = new PoetServer(resolveParams(ctx.config), ctx.config.id, modelEnv(ctx, silent));
  const handle = server.handle.bind(server);
  let stopTicker = () => {};
  return {
    routes: { "POST /register": route(handle, "/register"), "POST /proof": route(handle, "/proof") },
    start() {
      stopTicker = everyLayer(ctx, () => server.tick());
    },
    stop() {
      stopTicker();
      return server.stop();
    },
    status: () => server.status(),
  };
}
