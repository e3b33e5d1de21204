// Limits of the address plan and of what a profile file may hold, so hostile input fails fast and small.
// Address plan: each host gets a /24 of the experiment's /16, members from .10 up.
export const MAX_CONTAINERS_PER_HOST = 240;

/** A profile is a page or two of YAML; 1 MiB is far above any real one and bounds every later cost. */
export const MAX_PROFILE_BYTES = 1024 * 1024;

/** Problems listed in full; past this many the rest are counted in one line. */
export const MAX_REPORTED_ISSUES = 20;

/** Nested collections; YAML's composer recurses per level, so a deeper file could exhaust the stack. */
export const MAX_NESTING_DEPTH = 64;

/** Nodes that aliases may copy in, all aliases together: anchors for shared settings, never a "billion laughs". */
export const MAX_ALIAS_EXPANSION = 10_000;

/** Aliases in one file; each resolution scans the anchors before it, so this bounds that cost. */
export const MAX_ALIASES = 1_000;
