// The smesher stand-in: the model's SmesherNode on a layer ticker, its messages to and from peers over HTTP.
import type { StandinConfig } from "./config.js";
import { HttpTransport } from "./http-transport.js";
import { resolveParams } from "./model/params.js";
import type { SmesherSetup } from "./model/smesher-doc.js";
import { SmesherNode } from "./model/smesher-node.js";
import { smesherStatus } from "./model/smesher-status.js";
import { everyLayer, modelEnv, route, type Context, type Standin } from "./runtime.js";

export function smesherSetup(config: StandinConfig): SmesherSetup {
  return {
    params: resolveParams(config),
    id: config.id,
    units: config.units,
    peers: config.peers ?? [],
    poets: config.poets ?? [],
    genesis: config.genesisSet ?? [{ id: config.id, units: config.units }],
  };
}

export function createSmesher(ctx: Context): Standin {
  const transport = new HttpTransport();
  const node = new SmesherNode(smesherSetup(ctx.config), modelEnv(ctx, transport));
  const handle = node.handle.bind(node);
  const timers: (() => void)[] = [];
  return {
    routes: { "POST /vote": route(handle, "/vote"), "POST /atx": route(handle, "/atx"), "POST /sync": route(handle, "/sync") },
    start() {
      const remaining = node.initRemainingMs();
      if (remaining !== null) {
        // PoST is done at a wall-clock moment, not at a layer boundary: sync starts right then.
        const t = setTimeout(() => node.poll(), remaining + 1);
        timers.push(() => clearTimeout(t));
      }
      timers.push(everyLayer(ctx, () => node.tick()));
    },
    stop() {
      for (const stop of timers) stop();
      const persisted = node.stop();
      transport.close();
      return persisted;
    },
    status: () => smesherStatus(node, ctx.now()),
  };
}
