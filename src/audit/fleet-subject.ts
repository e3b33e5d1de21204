// A fleet's failure domains, from a profile: the smeshing weight and the PoETs on each host.
import type { Fraction } from "../standins/model/fraction.js";

export interface FleetHost {
  key: string;
  weight: number;
  poets: number;
  /** e.g. "alpha 2 x 30" for the evidence. */
  groups: string[];
}

export interface FleetSubject {
  file: string;
  profile: string;
  hosts: FleetHost[];
  hareThreshold: Fraction;
  tortoiseThreshold: Fraction;
  selfHealing: boolean;
}
