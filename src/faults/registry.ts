// Every fault kind and the factory that prepares it.
import type { FaultKind } from "../profile/schema.js";
import { apiKillFault, killFault, pauseFault, recreateFault, restartFault, stopFault } from "./container-faults.js";
import { crashDaemon, daemonFault, rebootHost, restartContainerd, restartDaemon, unattendedUpgrade } from "./daemon-faults.js";
import type { FaultFactory } from "./fault-env.js";
import { delayFault, partitionFault } from "./network-faults.js";

export const FAULTS: Record<FaultKind, FaultFactory> = {
  kill: killFault,
  "api-kill": apiKillFault,
  stop: stopFault,
  restart: restartFault,
  pause: pauseFault,
  recreate: recreateFault,
  "daemon-restart": daemonFault(restartDaemon),
  "daemon-crash": daemonFault(crashDaemon),
  "unattended-upgrade": daemonFault(unattendedUpgrade),
  "host-reboot": daemonFault(rebootHost),
  "containerd-restart": daemonFault(restartContainerd),
  partition: partitionFault,
  delay: delayFault,
};
