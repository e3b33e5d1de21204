// What rebound asks of a Swarm node's engine: its membership, forming and leaving a swarm, node labels, and on a
// manager the experiment's overlay, services and their tasks.
import type { OverlaySpec, ServiceSpec } from "./specs.js";

export type SwarmNodeState = "inactive" | "pending" | "active" | "error" | "locked";

export interface SwarmState {
  state: SwarmNodeState;
  /** Empty when the node is in no swarm. */
  nodeId: string;
  /** Whether this node is a manager (its API can change the swarm). */
  manager: boolean;
  /** The daemon's own words when state is error. */
  error: string;
}

export interface SwarmNode {
  id: string;
  role: "manager" | "worker";
  /** ready, down, unknown, disconnected: what the managers think of it. */
  status: string;
  availability: string;
  address: string;
  labels: Record<string, string>;
}

/** A task: one run of a service's slot; a swarm "restart" is a new task in the same slot. */
export interface SwarmTask {
  id: string;
  slot: number;
  nodeId: string;
  desiredState: string;
  /** new, pending, assigned, preparing, starting, running, complete, failed, shutdown, rejected, orphaned... */
  state: string;
  /** When the task reached its current state. */
  since: string;
  createdAt: string;
  error: string;
  containerId: string;
}

export interface SwarmControl {
  state(): Promise<SwarmState>;
  /** docker swarm init on this node; returns its node ID. */
  init(options: { advertiseAddr: string; listenAddr: string }): Promise<string>;
  joinToken(role: "worker" | "manager"): Promise<string>;
  join(options: { managerAddr: string; token: string; advertiseAddr: string; listenAddr: string }): Promise<void>;
  /** docker swarm leave; force is needed for the last manager. A node in no swarm is left as it is. */
  leave(force: boolean): Promise<void>;
  /** Manager only. */
  nodes(): Promise<SwarmNode[]>;
  /** Manager only: adds these labels to the node's spec, keeping its other settings. */
  labelNode(nodeId: string, labels: Record<string, string>): Promise<void>;
  /** Manager only: drain moves the node's tasks away (a pinned one waits), active takes tasks again. */
  setAvailability(nodeId: string, availability: "active" | "drain"): Promise<void>;
  /** Manager only: the overlay network, made once (an existing one of that name is kept). */
  ensureOverlay(spec: OverlaySpec): Promise<"created" | "exists">;
  /** Manager only: the service, made once (an existing one of that name is kept as it is). */
  ensureService(spec: ServiceSpec): Promise<"created" | "exists">;
  /** Manager only: services carrying every one of these labels. */
  services(labels: Record<string, string>): Promise<{ id: string; name: string; labels: Record<string, string> }[]>;
  removeService(id: string): Promise<"removed" | "absent">;
  /** Manager only: a service's tasks, newest first. */
  tasks(service: string): Promise<SwarmTask[]>;
}
