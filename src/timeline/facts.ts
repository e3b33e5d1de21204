// What a run knows about its members and its faults, in the terms every check and report reads.

export interface MemberFact {
  name: string;
  host: string;
  role: "smesher" | "poet";
  group: string;
  restart: string;
  units: number;
  state: string;
}

/** A fault as it happened: when it began and ended (ms since the run started) and what it hit. */
export interface FaultWindow {
  id: string;
  kind: string;
  beginT: number;
  endT: number;
  /** Containers the fault could take down: its targets, or every member of a host for a daemon fault. */
  affected: string[];
  hosts: string[];
  error?: string;
}
