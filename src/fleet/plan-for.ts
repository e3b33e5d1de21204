// The topology of a profile as its experiment record pins it: same id, genesis, subnet and bridge on every up.
import type { ExperimentRecord } from "../experiment/record.js";
import type { Profile } from "../profile/schema.js";
import { planTopology, type TopologyPlan } from "../topology/plan.js";

export function planFor(profile: Profile, record: ExperimentRecord, imageTag: string): TopologyPlan {
  return planTopology(profile, {
    experimentId: record.experimentId,
    genesisMs: record.genesisMs,
    subnetPrefix: record.subnetPrefix,
    bridgeName: record.bridgeName,
    imageTag,
  });
}
