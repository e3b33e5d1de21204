// The injector of every fault kind in the catalogue. Typed against the catalogue's kinds, so a kind without an
// injector (or an injector without a kind) does not compile.
import type { FaultKind } from "./catalog.js";
import { apiKillFault, killFault, pauseFault, recreateFault, restartFault, stopFault } from "./container-faults.js";
import { daemonFaults } from "./daemon-faults.js";
import type { FaultFactory } from "./fault-env.js";
import { delayFault, partitionFault } from "./network-faults.js";
import { nodeDrainFault } from "./node-faults.js";

export const INJECTORS: Record<FaultKind, FaultFactory> = {
  kill: killFault,
  "api-kill": apiKillFault,
  stop: stopFault,
  restart: restartFault,
  pause: pauseFault,
  recreate: recreateFault,
  "daemon-restart": daemonFaults.restart,
  "daemon-crash": daemonFaults.crash,
  "unattended-upgrade": daemonFaults.upgrade,
  "host-reboot": daemonFaults.reboot,
  "containerd-restart": daemonFaults.containerd,
  "node-drain": nodeDrainFault,
  partition: partitionFault,
  delay: delayFault,
};
