// The configuration rebound hands a stand-in: one JSON document in REBOUND_CONFIG, written by src/topology.
// Stand-in code imports only Node built-ins, so the image needs nothing but node and these compiled files.

export type StandinRole = "smesher" | "poet";

/** A peer as the stand-in reaches it: Docker DNS does not cross daemons, so peers are plain addresses. */
export interface PeerAddress {
  id: string;
  /** "ip:port", or "name:port" on a swarm's overlay, where Swarm's DNS resolves a service's name */
  address: string;
}

export interface NetworkClock {
  /** Genesis as milliseconds since the Unix epoch; current layer = floor((now - genesis) / layerMs). */
  genesisMs: number;
  layerMs: number;
  layersPerEpoch: number;
}

export interface ConsensusParams {
  /** Fractions as [numerator, denominator]: thresholds are compared exactly. */
  hareThreshold: [number, number];
  tortoiseThreshold: [number, number];
  selfHealing: boolean;
  zdist: number;
  phaseShift: number;
  cycleGap: number;
  postInitLayers: number;
  // Optional: rebound's profile does not set these yet; the stand-in defaults them (model/params.ts).
  /** Layers of listening to gossip after a sync fetch before voting [2]. */
  syncGossipLayers?: number;
  /** Missed layer ticks after which a stand-in counts itself out of sync [3]. */
  maxLagLayers?: number;
  /** Share of a layer after which votes no longer count [1/2]. */
  voteDeadline?: [number, number];
  /** Layers between attempts to reach an unreachable PoET [1]. */
  poetRetryLayers?: number;
}

export interface StandinConfig {
  role: StandinRole;
  /** Stable name, equal to the container name. */
  id: string;
  /** Space units (smesher weight); 0 for a PoET. */
  units: number;
  port: number;
  dataDir: string;
  clock: NetworkClock;
  consensus: ConsensusParams;
  /** Every smesher of the network except this one. */
  peers: PeerAddress[];
  poets: PeerAddress[];
  /** Every smesher with its units, so genesis epochs know the full weight. */
  genesisSet: { id: string; units: number }[];
  misbehaviour: { ignoreSigterm: boolean; resume: boolean };
}

export const STANDIN_PORT = 8080;
export const STANDIN_DATA_DIR = "/data";
export const CONFIG_ENV = "REBOUND_CONFIG";

export function readStandinConfig(env: NodeJS.ProcessEnv = process.env): StandinConfig {
  const raw = env[CONFIG_ENV];
  if (!raw) throw new Error(`${CONFIG_ENV} is not set: a stand-in is started by rebound with its configuration`);
  return JSON.parse(raw) as StandinConfig;
}
