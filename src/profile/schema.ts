// The profile schema: the one definition of what a profile file may contain.
import { z } from "zod";
import { CHECK_NAMES } from "../timeline/check-names.js";
import { FAULT_KINDS, type ParameterName } from "../faults/catalog.js";
import { fractionText } from "../standins/model/fraction.js";
import { MODEL_DEFAULTS } from "../standins/model/params.js";
import { MAX_FAULTS, MAX_LAYER_COUNT, MAX_SCHEDULE_LAYER, MAX_SECONDS, MIN_LAYER_SECONDS } from "./bounds.js";

/** Docker restart policies in the spelling `docker run --restart` accepts. */
export const RESTART_POLICY_PATTERN = /^(no|always|unless-stopped|on-failure(:[1-9][0-9]*)?)$/;
export const RESTART_POLICY_CHOICES = "no, always, unless-stopped, on-failure[:N]";

const restartPolicy = z
  .string()
  .regex(RESTART_POLICY_PATTERN, { message: `expected one of ${RESTART_POLICY_CHOICES}`, abort: true })
  .regex(/^[^:]*(:[0-9]{1,4})?$/, { message: "expected on-failure's retry count N from 1 to 9999" })
  .describe("Docker restart policy: no, always, unless-stopped, on-failure[:N]");

/**
 * A share written as a fraction ("1/2") so thresholds compare exactly, never in floating point. At most 15 digits
 * a side: the stand-ins hold p and q as JavaScript numbers, exact only up to 2^53 (16 digits).
 */
const fraction = z
  .string()
  .regex(/^[0-9]+\/[1-9][0-9]*$/, { message: 'expected a fraction such as "1/2"', abort: true })
  .regex(/^[0-9]{1,15}\/[0-9]{1,15}$/, { message: "expected at most 15 digits on each side of the fraction" })
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
    role: z.enum(["manager", "worker"]).optional()
      .describe("orchestrator: swarm only: the node's role (default: the first host manages, the others work)"),
  })
  .strict();

const filePath = z.string().min(1).max(4096).describe("a file, absolute or relative to the profile's directory");

/**
 * A Docker engine rebound did not start (a VM with Docker installed): reached at `endpoint:` or through a Docker
 * context, never started or stopped by rebound unless a run says --allow-daemon-faults.
 */
export const existingHostSchema = z
  .object({
    kind: z.literal("existing").default("existing"),
    endpoint: z.string().regex(/^(unix|tcp|ssh):\/\/[^\s]+$/, { message: "expected unix:///PATH, tcp://HOST:PORT or ssh://[USER@]HOST[:PORT]" }).max(2048).optional()
      .describe("the engine's address: unix:///PATH, tcp://HOST:PORT (TLS with tls:), ssh://[USER@]HOST[:PORT]"),
    context: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.+-]{0,127}$/, { message: "expected a Docker context name" }).optional()
      .describe("a Docker context (docker context ls), read from the Docker config directory"),
    tls: z
      .object({ ca: filePath.optional(), cert: filePath.optional(), key: filePath.optional(), verify: z.boolean().default(true) })
      .strict()
      .optional()
      .describe("tcp:// with TLS: the CA that signed the daemon's certificate, and the client's certificate and key"),
    identityFile: filePath.optional().describe("ssh: the private key (default: the agent, then ~/.ssh/id_ed25519, id_ecdsa, id_rsa)"),
    knownHosts: filePath.optional().describe("ssh: the known_hosts file the host key must be in (default ~/.ssh/known_hosts)"),
    unit: z.string().regex(/^[a-zA-Z0-9@_.-]{1,100}\.service$/, { message: 'expected a systemd unit such as "docker.service"' }).default("docker.service")
      .describe("ssh: the systemd unit of the Docker daemon, which daemon faults stop, kill and start"),
  })
  .strict();

/** A host is a sandbox unless it names an engine (`endpoint:` or `context:`). */
export const hostSchema = z.union([sandboxHost, existingHostSchema]);

// The defaults are the stand-in model's own (src/standins/model/params.ts): one source for both.
const d = MODEL_DEFAULTS;

export const networkSchema = z
  .object({
    layerSeconds: z.number().min(MIN_LAYER_SECONDS, { abort: true }).max(60).multipleOf(0.001).default(1)
      .describe(`layer duration in seconds, ${MIN_LAYER_SECONDS} to 60, in whole milliseconds`),
    layersPerEpoch: z.number().int().min(4).max(1000).default(10),
    hareThreshold: fraction.default(fractionText(d.hareThreshold)).describe("Hare confirms a layer with more than this share of the epoch's weight"),
    tortoiseThreshold: fraction.default(fractionText(d.tortoiseThreshold)).describe("self-healing needs more than this share voting"),
    selfHealing: z.boolean().default(d.selfHealing).describe("Tortoise self-healing (off on the October 2020 testnet)"),
    zdist: z.number().int().min(1).max(100).default(d.zdist),
    phaseShift: z.number().int().min(0).max(1000).default(d.phaseShift).describe("layers into an epoch at which a PoET round starts"),
    cycleGap: z.number().int().min(0).max(1000).default(d.cycleGap).describe("layers between a round's end and the next start"),
    postInitLayers: z.number().int().min(0).max(1000).default(d.postInitLayers).describe("PoST initialisation time on first start"),
    syncGossipLayers: z.number().int().min(0).max(100).default(d.syncGossipLayers).describe("layers a restarted node listens (gossipSync) before it votes"),
    maxLagLayers: z.number().int().min(1).max(100).default(d.maxLagLayers).describe("missed layers before a node falls back to notSynced"),
    voteDeadline: fraction.default(fractionText(d.voteDeadline)).describe("share of a layer after which a Hare vote no longer counts"),
    poetRetryLayers: z.number().int().min(1).max(100).default(d.poetRetryLayers).describe("layers between retries of an unreachable PoET"),
  })
  .strict();

const misbehaviour = {
  ignoreSigterm: z.boolean().default(false).describe("keep running on SIGTERM (Docker then kills it: exit 137)"),
  resume: z.boolean().default(true).describe("false: start from scratch on every start"),
};

/**
 * How Swarm runs a member (orchestrator: swarm only), in docker stack deploy's terms: restart: is ignored there and
 * deploy.restart_policy decides; pinned adds the constraint that keeps the task on its host's node.
 */
export const deploySchema = z
  .object({
    restartPolicy: z
      .object({
        condition: z.enum(["none", "on-failure", "any"]).default("any").describe("when Swarm starts a new task in the slot"),
        delay: z.number().min(0).max(MAX_SECONDS).default(5).describe("seconds between a task's end and the next task"),
        maxAttempts: z.number().int().min(0).max(1000).default(0).describe("new tasks before Swarm gives up; 0: never"),
        window: z.number().min(0).max(MAX_SECONDS).default(0).describe("seconds a task must run to count as a success"),
      })
      .strict()
      .default({ condition: "any", delay: 5, maxAttempts: 0, window: 0 }),
    pinned: z.boolean().default(true)
      .describe("constraint node.labels.io.rebound.host == host: the task never moves to another node"),
  })
  .strict();

const memberGroup = {
  group: name.describe("group name; containers are named <profile>-<group>-<index>"),
  count: z.number().int().min(1).max(200).default(1),
  host: z.string().min(1).describe("a key of hosts"),
  restart: restartPolicy.default("unless-stopped"),
  state: stateLocation.default("volume"),
  deploy: deploySchema.optional().describe("orchestrator: swarm only: the service's restart policy and placement"),
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

const seconds = (what: string) => z.number().min(0).max(MAX_SECONDS).describe(`${what}, seconds`);

/** Which containers (or which host, for daemon faults) a fault hits. All given filters must match. */
export const targetSchema = z
  .object({
    host: z.string().min(1).optional(),
    role: z.enum(["smesher", "poet"]).optional(),
    group: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    label: z.string().regex(/^[^=]+=.*$/, { message: 'expected "key=value"' }).optional(),
    // 0% would select nothing: a fault without a target.
    share: z.string().regex(/^(100|[1-9][0-9]?)%$/, { message: 'expected a percentage from 1% to 100% such as "30%"' }).optional()
      .describe("a share of what the other filters select, chosen with the run's seed"),
    of: z.enum(["weight", "containers"]).default("containers").describe("what share counts: smeshing weight or containers"),
  })
  .strict();

export const scheduleSchema = z
  .object({
    layer: z.number().int().min(0).max(MAX_SCHEDULE_LAYER).optional()
      .describe(`inject when the network reaches this layer (reached within ${MAX_SECONDS} s of genesis)`),
    after: seconds("inject this long after the steady state was reached").optional(),
    registrationWindow: z.number().int().min(1).max(MAX_SCHEDULE_LAYER).optional()
      .describe(`inject inside this epoch's PoET registration window (within ${MAX_SECONDS} s of genesis)`),
  })
  .strict();

/** One schema per fault parameter; the catalogue (src/faults/catalog.ts) says which fault takes which. */
const faultParameters = {
  signal: z.string().regex(/^SIG[A-Z0-9]+$/, { message: 'expected a signal name such as "SIGKILL"' }).optional(),
  // Docker takes a stop timeout in whole seconds.
  timeout: seconds("stop timeout").int().optional(),
  duration: seconds("how long the fault lasts").optional(),
  downSeconds: seconds("how long the daemon stays down").optional(),
  package: z.enum(["docker-ce", "docker.io", "containerd"]).optional().describe("which package the upgrade replaces"),
  unpackSeconds: seconds("time between the daemon's stop and its start").optional(),
  reboot: z.boolean().optional().describe("Unattended-Upgrade::Automatic-Reboot after the upgrade"),
  latencyMs: z.number().int().min(1).max(60_000).optional(),
} satisfies Record<ParameterName, z.ZodType>;

export const faultSchema = z
  .object({
    fault: z.enum(FAULT_KINDS),
    target: targetSchema.default({ of: "containers" }),
    at: scheduleSchema.default({ after: 0 }),
    repeat: z.object({ every: seconds("time between repetitions").min(1), count: z.number().int().min(1).max(100) }).strict().optional(),
    // Parameters; which apply depends on the fault (the catalogue says, a rule rejects the others).
    ...faultParameters,
  })
  .strict();

export const steadySchema = z
  .object({
    verifiedLag: z.number().int().min(0).max(MAX_LAYER_COUNT).default(2).describe("verified layer within this many layers of the current one"),
    forLayers: z.number().int().min(1).max(MAX_LAYER_COUNT).default(10).describe("held for this many layers"),
    timeoutSeconds: z.number().min(1).max(MAX_SECONDS).default(180),
  })
  .strict();

export const endSchema = z
  .object({
    afterLayers: z.number().int().min(1).max(MAX_LAYER_COUNT).default(20).describe("observe this many layers after the last fault ended"),
  })
  .strict();

export const checksSchema = z
  .object({
    "restart-policy": z.object({ allowed: z.array(restartPolicy).min(1).max(20).default(["always", "unless-stopped"]) }).strict().optional(),
    "recovery-time": z.object({ budgetSeconds: z.number().positive().max(MAX_SECONDS).default(30) }).strict().optional(),
    "consensus-liveness": z.object({ budgetLayers: z.number().int().min(1).max(MAX_LAYER_COUNT).default(10) }).strict().optional(),
  })
  .strict();

export const expectSchema = z
  .object({
    outcome: z.enum(["pass", "reproduced"]).default("pass"),
    failing: z.array(z.enum(CHECK_NAMES)).default([]).describe("with outcome reproduced: the checks predicted to fail"),
  })
  .strict();

export const profileSchema = z
  .object({
    name: name.describe("the profile's name: labels, container names and sandbox daemons derive from it"),
    description: z.string().optional(),
    orchestrator: z.enum(["containers", "swarm"]).default("containers")
      .describe("containers: each member a container on its host's daemon; swarm: the hosts form a swarm and members are services"),
    hosts: z.record(name, hostSchema).describe("failure domains, each a Docker daemon"),
    network: networkSchema.default(networkSchema.parse({})),
    image: imageSchema.default(imageSchema.parse({})),
    smeshers: z.array(smesherGroupSchema).min(1),
    poets: z.array(poetGroupSchema).default([]),
    steady: steadySchema.default(steadySchema.parse({})),
    method: z.array(faultSchema).max(MAX_FAULTS).default([]),
    end: endSchema.default(endSchema.parse({})),
    checks: checksSchema.default({}),
    expect: expectSchema.default(expectSchema.parse({})),
  })
  .strict();

export type Profile = z.output<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type HostSpec = Profile["hosts"][string];
export type SandboxHostSpec = Extract<HostSpec, { kind: "sandbox" }>;
export type ExistingHostSpec = Extract<HostSpec, { kind: "existing" }>;
export type NetworkParams = Profile["network"];
export type SmesherGroup = Profile["smeshers"][number];
export type PoetGroup = Profile["poets"][number];
export type RestartPolicy = string;
export type StateLocation = z.output<typeof stateLocation>;
export type DeploySpec = z.output<typeof deploySchema>;
export type FaultSpec = Profile["method"][number];
export type TargetSpec = FaultSpec["target"];
