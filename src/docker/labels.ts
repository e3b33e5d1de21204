// The labels rebound puts on everything it creates, and the selection that decides what it may touch.
import type { Labels } from "./specs.js";

export const LABEL = {
  managed: "io.rebound.managed",
  profile: "io.rebound.profile",
  experiment: "io.rebound.experiment",
  host: "io.rebound.host",
  role: "io.rebound.role",
  group: "io.rebound.group",
  /** A swarm member's port, published in host mode on whichever node runs its task. */
  publishedPort: "io.rebound.published-port",
  /** A swarm member's restart condition: its task container's own restart policy is always "no". */
  swarmRestart: "io.rebound.swarm-restart",
} as const;

export interface LabelSelector {
  profile?: string;
  experiment?: string;
}

export function baseLabels(profile: string, experiment: string): Labels {
  return { [LABEL.managed]: "true", [LABEL.profile]: profile, [LABEL.experiment]: experiment };
}

/** Docker API label filters for a selector; always includes the managed label. */
export function selectorFilters(selector: LabelSelector): string[] {
  const filters = [`${LABEL.managed}=true`];
  if (selector.profile !== undefined) filters.push(`${LABEL.profile}=${selector.profile}`);
  if (selector.experiment !== undefined) filters.push(`${LABEL.experiment}=${selector.experiment}`);
  return filters;
}

/**
 * The last word on whether rebound may touch an object: checked on the object's own labels before every
 * removal, so a filter the API ignored or misread can never widen what is removed.
 */
export function matchesSelector(labels: Labels | null | undefined, selector: LabelSelector): boolean {
  if (!labels || labels[LABEL.managed] !== "true") return false;
  if (selector.profile !== undefined && labels[LABEL.profile] !== selector.profile) return false;
  if (selector.experiment !== undefined && labels[LABEL.experiment] !== selector.experiment) return false;
  return true;
}
