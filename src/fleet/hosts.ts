// The hosts of an experiment: each a failure domain with its daemon, its Docker engine and its processes, all
// behind interfaces so the run side can be driven by in-memory fakes in tests.
import type { DaemonController } from "../daemon/controller.js";
import type { HostProcesses } from "../daemon/host-processes.js";
import type { DockerEngine } from "../docker/engine.js";

export interface FleetHost {
  /** The profile's key for the host ("a", "b"). */
  key: string;
  daemon: DaemonController;
  engine: DockerEngine;
  processes: HostProcesses;
  /** True for a sandbox daemon rebound started; false for an existing engine, which it never starts to clean. */
  owned: boolean;
  /** An existing engine's live-restore, as its daemon reported it at bring-up (a sandbox's is in its spec). */
  liveRestore?: boolean;
  /** A swarm node's address on the experiment's bridge, where the tasks it runs publish their ports. */
  nodeAddress?: string;
}

/** Finds a host by its daemon's name, as journals record it; undefined when that daemon no longer exists. */
export type HostResolver = (daemonName: string) => Promise<FleetHost | undefined>;
