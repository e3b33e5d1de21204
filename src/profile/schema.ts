// The profile schema: the one definition of what a profile file may contain.
import { z } from "zod";

/** Docker restart policies in the spelling `docker run --restart` accepts. */
export const RESTART_POLICY_PATTERN = /^(no|always|unless-stopped|on-failure(:[1-9][0-9]*)?)$/;
export const RESTART_POLICY_CHOICES = "no, always, unless-stopped, on-failure[:N]";

const restartPolicy = z
  .string()
  .regex(RESTART_POLICY_PATTERN, { message: `expected one of ${RESTART_POLICY_CHOICES}` })
  .describe("Docker restart policy: no, always, unless-stopped, on-failure[:N]");

/** A share written as a fraction ("1/2") so thresholds compare exactly, never in floating point. */
const fraction = z
  .string()
  .regex(/^[0-9]+\/[1-9][0-9]*$/, { message: 'expected a fraction such as "1/2"' })
  .describe('a fraction written "p/q", compared exactly');

const name = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,19}$/, {
    message: "expected a lower-case name of 1-20 characters (a-z, 0-9, -) starting with a letter",
  });

const stateLocation = z
  .enum(["volume", "container", "tmpfs"])
  .describe("where the data directory lives: a named volume, the container's own filesystem, or tmpfs");

/** A Docker daemon that rebound starts and owns: the embedded default. */
const sandboxHost = z
  .object({
    kind: z.literal("sandbox").default("sandbox"),
    liveRestore: z.boolean().default(false).describe("dockerd --live-restore"),
    shutdownTimeout: z.number().int().min(0).max(300).default(10)
      .describe("dockerd --shutdown-timeout, seconds"),
  })
  .strict();

// Existing endpoints (unix socket, tcp with TLS, ssh) join this union when a command needs them.
export const hostSchema = sandboxHost;

export const networkSchema = z
  .object({
    layerSeconds: z.number().positive().max(60).default(1).describe("layer duration in seconds"),
    layersPerEpoch: z.number().int().min(4).max(1000).default(10),
    hareThreshold: fraction.default("1/2").describe("Hare confirms a layer with more than this share of the epoch's weight"),
    tortoiseThreshold: fraction.default("1/3").describe("self-healing needs more than this share voting"),
    selfHealing: z.boolean().default(false).describe("Tortoise self-healing (off on the October 2020 testnet)"),
    zdist: z.number().int().min(1).max(100).default(2),
    phaseShift: z.number().int().min(0).default(5).describe("layers into an epoch at which a PoET round starts"),
    cycleGap: z.number().int().min(0).default(3).describe("layers between a round's end and the next start"),
    postInitLayers: z.number().int().min(0).max(1000).default(3).describe("PoST initialisation time on first start"),
  })
  .strict();

const misbehaviour = {
  ignoreSigterm: z.boolean().default(false).describe("keep running on SIGTERM (Docker then kills it: exit 137)"),
  resume: z.boolean().default(true).describe("false: start from scratch on every start"),
};

const memberGroup = {
  group: name.describe("group name; containers are named <profile>-<group>-<index>"),
  count: z.number().int().min(1).max(200).default(1),
  host: z.string().min(1).describe("a key of hosts"),
  restart: restartPolicy.default("unless-stopped"),
  state: stateLocation.default("volume"),
  ...misbehaviour,
};

export const smesherGroupSchema = z
  .object({
    ...memberGroup,
    units: z.number().int().min(1).max(1_000_000).describe("space units per smesher: its weight"),
  })
  .strict();

export const poetGroupSchema = z.object(memberGroup).strict();

export const imageSchema = z
  .object({
    base: z.string().min(1).default("scratch")
      .describe('"scratch" (the host\'s node runtime, no registry) or a base image already present on the host'),
  })
  .strict();

export const profileSchema = z
  .object({
    name: name.describe("the profile's name: labels, container names and sandbox daemons derive from it"),
    description: z.string().optional(),
    hosts: z.record(name, hostSchema).describe("failure domains, each a Docker daemon"),
    network: networkSchema.default(networkSchema.parse({})),
    image: imageSchema.default(imageSchema.parse({})),
    smeshers: z.array(smesherGroupSchema).min(1),
    poets: z.array(poetGroupSchema).default([]),
  })
  .strict();

export type Profile = z.output<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type HostSpec = Profile["hosts"][string];
export type NetworkParams = Profile["network"];
export type SmesherGroup = Profile["smeshers"][number];
export type PoetGroup = Profile["poets"][number];
export type RestartPolicy = string;
export type StateLocation = z.output<typeof stateLocation>;
