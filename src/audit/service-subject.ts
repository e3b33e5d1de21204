// A live Swarm service as the audit sees it: the restart policy, mounts and placement of its spec, with Swarm's
// defaults in place of what the spec leaves out, and where to send `docker service update`.

export type ServiceMode = "replicated" | "global" | "replicated-job" | "global-job";

export type RestartField = "Condition" | "Delay" | "MaxAttempts" | "Window";

export interface ServiceMount {
  /** bind, volume, tmpfs, npipe, cluster. */
  type: string;
  /** Empty for an anonymous volume or a tmpfs. */
  source: string;
  target: string;
  readOnly: boolean;
  /** VolumeOptions.DriverConfig.Name; undefined means the local driver. */
  driver?: string;
}

export interface ServiceFacts {
  id: string;
  name: string;
  mode: ServiceMode;
  /** none, on-failure or any. */
  condition: string;
  maxAttempts: number;
  windowNs: number;
  delayNs: number;
  /** The RestartPolicy fields the spec leaves out: their values above are Swarm's defaults. */
  defaulted: RestartField[];
  mounts: ServiceMount[];
  constraints: string[];
}

export interface LiveService {
  facts: ServiceFacts;
  /** The manager it was read from. */
  endpoint: string;
  /** Plain `docker` in this shell reaches that manager, so the fix needs no -H. */
  defaultEndpoint: boolean;
}
