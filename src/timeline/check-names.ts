// The checks every run reports, in the order reports list them. Vocabulary, not logic: the profile schema, the fault
// catalogue and the checks themselves all name checks from here.
export const CHECK_NAMES = [
  "restart-policy",
  "recovery-time",
  "resume",
  "consensus-liveness",
  "activation",
  "poet-availability",
  "graceful-shutdown",
  "containment",
] as const;

export type CheckName = (typeof CHECK_NAMES)[number];
