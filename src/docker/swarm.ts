// What rebound asks of a Swarm node's engine: its membership, forming and leaving a swarm, and node labels.
// Services and tasks come later; the formation is what every swarm fleet needs first.

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
}
