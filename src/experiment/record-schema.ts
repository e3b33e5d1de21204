// The experiment record's shape, checked on every read: what a record names is acted on, so only names rebound makes.
import { z } from "zod";
import { existingHostSchema, type ExistingHostSpec } from "../profile/schema.js";
import { BRIDGE_PATTERN, NAME_PATTERN, NAME_RULE, parseSandboxName, SUBNET_PREFIX_PATTERN } from "../daemon/names.js";

export interface ExperimentRecord {
  profile: string;
  profilePath: string;
  experimentId: string;
  genesisMs: number;
  subnetPrefix: string;
  bridgeName: string;
  /** Sandbox daemon names, one per profile host. */
  sandboxes: string[];
  /** Existing engines the experiment uses, as the profile named them: status, down and recover reach them again. */
  existing?: { key: string; spec: ExistingHostSpec }[];
  /** Set when the hosts form a swarm (orchestrator: swarm): down removes its services and dissolves it first. */
  orchestrator?: "swarm";
  createdAt: string;
}

// A record's bridge is deleted, its sandboxes started, its file removed: a foreign name is refused on reading.
export const recordSchema = z
  .object({
    profile: z.string().regex(NAME_PATTERN, { message: `expected ${NAME_RULE}` }),
    profilePath: z.string(),
    experimentId: z.string(),
    genesisMs: z.number(),
    subnetPrefix: z.string().regex(SUBNET_PREFIX_PATTERN, { message: "expected a /16 rebound chooses (10.200 to 10.254)" }),
    bridgeName: z.string().regex(BRIDGE_PATTERN, { message: 'expected a bridge rebound makes ("rb" and 8 hex digits)' }),
    sandboxes: z.array(z.string()),
    existing: z.array(z.object({ key: z.string().regex(NAME_PATTERN), spec: existingHostSchema }).strict()).max(64).optional(),
    orchestrator: z.literal("swarm").optional(),
    createdAt: z.string(),
  })
  .superRefine((record, ctx) => {
    record.sandboxes.forEach((name, i) => {
      if (parseSandboxName(name)?.profile !== record.profile) {
        ctx.addIssue({ code: "custom", path: ["sandboxes", i], message: `${JSON.stringify(name)} is not a sandbox of profile ${record.profile}` });
      }
    });
  }) satisfies z.ZodType<ExperimentRecord>;

