// The matrix's fleet as a profile: one host per live-restore value, one stand-in per policy x SIGTERM behaviour,
// so the topology planner gives it names, addresses, labels and stand-in configuration as it does for any run.
import { profileSchema, type Profile } from "../profile/schema.js";
import type { SigtermBehaviour } from "../checks/engine-behaviour.js";
import type { MatrixSubject } from "./grid.js";

export const MATRIX_PROFILE = "rebound-matrix";

export const hostKey = (liveRestore: boolean) => (liveRestore ? "on" : "off");

/** Group names are short (a profile name rule): the policy without punctuation, the SIGTERM behaviour, the host. */
export function groupOf(subject: MatrixSubject, liveRestore: boolean): string {
  const policy = subject.policy.replace("unless-stopped", "unless").replace("on-failure", "onfail").replace(/[^a-z0-9]/g, "");
  const sigterm: Record<SigtermBehaviour, string> = { exits: "term", ignores: "ign" };
  return `${policy}-${sigterm[subject.sigterm]}-${hostKey(liveRestore)}`;
}

/** `slots` stand-ins per group: one per fault measured at the same time on that daemon. */
export function matrixProfile(subjects: MatrixSubject[], liveRestore: readonly boolean[], slots: number): Profile {
  return profileSchema.parse({
    name: MATRIX_PROFILE,
    description: "rebound matrix: Docker's restart behaviour, cell by cell",
    // A daemon's stop waits for its slowest container; the containers' own stop timeout (1 s) decides.
    hosts: Object.fromEntries(liveRestore.map((on) => [hostKey(on), { liveRestore: on, shutdownTimeout: 1 }])),
    // No PoST initialisation: a stand-in is ready as soon as it listens. Long layers: between starts the
    // stand-ins have nothing to do, and the CPU goes to the starts being measured.
    network: { postInitLayers: 0, layerSeconds: 60 },
    smeshers: liveRestore.flatMap((on) =>
      subjects.map((subject) => ({
        group: groupOf(subject, on),
        host: hostKey(on),
        count: slots,
        units: 1,
        restart: subject.policy,
        // The container's own filesystem: every batch starts from nothing, and its start count lives there.
        state: "container",
        ignoreSigterm: subject.sigterm === "ignores",
      })),
    ),
  });
}
