// Test bench for the model: a simulated network of smeshers and PoETs on a fake clock, stepped layer by layer.
import type { NetworkClock } from "../config.js";
import type { StandinStatus } from "../status.js";
import { layerStartMs } from "./clock.js";
import { MODEL_DEFAULTS, type ModelParams } from "./params.js";
import { PoetServer } from "./poet-server.js";
import { SmesherNode } from "./smesher-node.js";
import { smesherStatus } from "./smesher-status.js";
import { MemoryDisk, MemoryNetwork, FakeClock } from "./memory-io.js";
import type { DocName, Env, LogFields } from "./transport.js";

export { FakeClock, MemoryDisk, MemoryNetwork } from "./memory-io.js";

export interface SimSpec {
  smeshers: { id: string; units: number }[];
  poets?: string[];
  params?: Partial<Omit<ModelParams, "clock">> & { clock?: Partial<NetworkClock> };
  /** Members that first start at the given layer (before its script) rather than before genesis, as a late fleet does. */
  startAt?: Record<string, number>;
}

export interface LogEntry {
  who: string;
  event: string;
  fields: LogFields;
  ms: number;
}

export type Script = Record<number, (sim: Sim) => void>;

interface Member<N> {
  node?: N;
  disk: MemoryDisk;
}

export class Sim {
  readonly p: ModelParams;
  readonly clock: FakeClock;
  readonly net: MemoryNetwork;
  readonly smeshers = new Map<string, Member<SmesherNode>>();
  readonly poets = new Map<string, Member<PoetServer>>();
  readonly logs: LogEntry[] = [];
  layer = -1;
  private keys = 0;

  constructor(readonly spec: SimSpec) {
    const clock = { genesisMs: 1_000_000, layerMs: 1000, layersPerEpoch: 10, ...spec.params?.clock };
    this.p = { ...MODEL_DEFAULTS, postInitLayers: 0, ...spec.params, clock };
    this.clock = new FakeClock(layerStartMs(clock, -1) + 2);
    this.net = new MemoryNetwork(this.clock);
    for (const id of spec.poets ?? ["poet-0"]) this.poets.set(id, { disk: new MemoryDisk() });
    for (const s of spec.smeshers) this.smeshers.set(s.id, { disk: new MemoryDisk() });
    for (const id of [...this.poets.keys(), ...this.smeshers.keys()]) if (spec.startAt?.[id] === undefined) this.start(id);
  }

  private env(who: string): Env {
    const log = (event: string, fields: LogFields = {}) => void this.logs.push({ who, event, fields, ms: this.clock.ms });
    return { now: this.clock.now, transport: this.net.transport, disk: this.member(who).disk, log, newKey: () => `key-${who}-${++this.keys}` };
  }

  private member(id: string): Member<SmesherNode | PoetServer> {
    const m = this.smeshers.get(id) ?? this.poets.get(id);
    if (!m) throw new Error(`no member ${id}`);
    return m;
  }

  /** (Re)starts a member from its disk, minus what was lost. */
  start(id: string, lose: DocName[] = []): void {
    const m = this.member(id);
    if (m.node) throw new Error(`${id} is already running`);
    for (const name of lose) m.disk.lose(name);
    const address = `mem:${id}`;
    if (this.poets.has(id)) {
      const node = new PoetServer(this.p, id, this.env(id));
      this.poets.get(id)!.node = node;
      return this.net.attach(address, (path, body) => node.handle(path, body));
    }
    const all = this.spec.smeshers;
    const self = all.find((s) => s.id === id)!;
    const peers = all.filter((s) => s.id !== id).map((s) => ({ id: s.id, address: `mem:${s.id}` }));
    const poets = [...this.poets.keys()].map((p) => ({ id: p, address: `mem:${p}` }));
    const node = new SmesherNode({ params: this.p, id, units: self.units, peers, poets, genesis: all }, this.env(id));
    this.smeshers.get(id)!.node = node;
    this.net.attach(address, (path, body) => node.handle(path, body));
  }

  /** A clean stop (SIGTERM: persisted); crash: the process is gone with whatever it had not written. */
  stop(id: string, how: "clean" | "crash" = "clean"): void {
    const m = this.member(id);
    if (!m.node) throw new Error(`${id} is not running`);
    if (how === "clean") m.node.stop();
    m.node = undefined;
    this.net.detach(`mem:${id}`);
  }

  isUp(id: string): boolean {
    return this.member(id).node !== undefined;
  }

  node(id: string): SmesherNode {
    const node = this.smeshers.get(id)?.node;
    if (!node) throw new Error(`smesher ${id} is not running`);
    return node;
  }

  status(id: string): StandinStatus {
    const poet = this.poets.get(id)?.node;
    return poet ? poet.status() : smesherStatus(this.node(id), this.clock.ms);
  }

  /** Each layer: its script runs at the layer's start, every running PoET then smesher ticks, messages settle, after runs. */
  async run(toLayer: number, script: Script = {}, after: (sim: Sim) => void = () => {}): Promise<void> {
    while (this.layer < toLayer) {
      this.layer += 1;
      this.clock.ms = layerStartMs(this.p.clock, this.layer) + 2;
      for (const [id, layer] of Object.entries(this.spec.startAt ?? {})) if (layer === this.layer) this.start(id);
      script[this.layer]?.(this);
      for (const m of this.poets.values()) m.node?.tick();
      for (const m of this.smeshers.values()) m.node?.tick();
      await new Promise((resolve) => setImmediate(resolve));
      after(this);
    }
  }
}
