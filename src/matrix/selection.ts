// The command's options as a selection of the grid; bad input is an error naming the option, before anything runs.
import { MATRIX_FAULTS, type MatrixFault } from "../checks/engine-behaviour.js";
import { inputError } from "../errors.js";
import { RESTART_POLICY_CHOICES, RESTART_POLICY_PATTERN } from "../profile/schema.js";
import { FULL_SELECTION, type MatrixSelection } from "./grid.js";

export interface SelectionOptions {
  liveRestore?: string;
  /** Comma-separated. */
  policy?: string;
  fault?: string;
}

const LIVE_RESTORE: Record<string, boolean[]> = { off: [false], on: [true], both: [false, true] };

const list = (text: string) => [...new Set(text.split(",").map((item) => item.trim()).filter(Boolean))];

export function parseSelection(options: SelectionOptions): MatrixSelection {
  const liveRestore = LIVE_RESTORE[options.liveRestore ?? "both"];
  if (!liveRestore) throw inputError(`--live-restore: expected off, on or both, got "${options.liveRestore}"`);
  const policies = options.policy === undefined ? FULL_SELECTION.policies : list(options.policy);
  const badPolicy = policies.find((p) => !RESTART_POLICY_PATTERN.test(p));
  if (badPolicy !== undefined || policies.length === 0) {
    throw inputError(`--policy: "${badPolicy ?? options.policy}" is not a restart policy; expected a comma-separated list of ${RESTART_POLICY_CHOICES}`);
  }
  const faults = options.fault === undefined ? FULL_SELECTION.faults : list(options.fault);
  const badFault = faults.find((f) => !(MATRIX_FAULTS as readonly string[]).includes(f));
  if (badFault !== undefined || faults.length === 0) {
    throw inputError(`--fault: "${badFault ?? options.fault}" is not a matrix fault; expected a comma-separated list of ${MATRIX_FAULTS.join(", ")}`);
  }
  // In the grid's order, whatever order they were given in: the same selection always measures the same way.
  return {
    policies: [...policies].sort((a, b) => rank(FULL_SELECTION.policies, a) - rank(FULL_SELECTION.policies, b)),
    faults: MATRIX_FAULTS.filter((f) => faults.includes(f)) as MatrixFault[],
    liveRestore,
  };
}

const rank = (order: readonly string[], item: string) => (order.includes(item) ? order.indexOf(item) : order.length);
