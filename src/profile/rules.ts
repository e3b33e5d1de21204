// Cross-field rules a schema cannot express: references between hosts and groups, thresholds, capacity, bounds.
import type { PlacedMessage } from "./format-issue.js";
import type { Profile } from "./schema.js";
import { MAX_CONTAINERS_PER_HOST } from "./limits.js";
import { checkBounds } from "./bound-rules.js";
import { checkFaults } from "./fault-rules.js";
import { checkExistingHosts, type ContextSchemes } from "./existing-host-rules.js";
import { checkSwarm } from "./swarm-rules.js";

type Kind = "smeshers" | "poets";

function groupsOf(profile: Profile): { kind: Kind; index: number; group: string; host: string; count: number }[] {
  return [
    ...profile.smeshers.map((g, index) => ({ kind: "smeshers" as const, index, ...g })),
    ...profile.poets.map((g, index) => ({ kind: "poets" as const, index, ...g })),
  ];
}

export function checkHosts(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const hostNames = Object.keys(profile.hosts);
  const known = new Set(hostNames);
  const perHost = new Map<string, number>();
  for (const g of groupsOf(profile)) {
    if (!known.has(g.host)) {
      const list = hostNames.length > 0 ? `hosts are: ${hostNames.join(", ")}` : "no hosts are defined";
      issues.push({ path: [g.kind, g.index, "host"], at: "value", message: `unknown host "${g.host}"; ${list}` });
      continue;
    }
    perHost.set(g.host, (perHost.get(g.host) ?? 0) + g.count);
  }
  for (const host of hostNames) {
    const count = perHost.get(host);
    if (count === undefined) {
      issues.push({ path: ["hosts", host], at: "key", message: `host "${host}" is not used by any group` });
    } else if (count > MAX_CONTAINERS_PER_HOST) {
      issues.push({
        path: ["hosts", host],
        at: "key",
        message: `host "${host}" would run ${count} containers; at most ${MAX_CONTAINERS_PER_HOST} fit its address range`,
      });
    }
  }
  return issues;
}

/** Group names become container names, so one name may appear only once across smeshers and poets. */
export function checkGroupNames(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const firstSeen = new Map<string, string>();
  for (const g of groupsOf(profile)) {
    const where = `${g.kind}[${g.index}].group`;
    const first = firstSeen.get(g.group);
    if (first === undefined) firstSeen.set(g.group, where);
    else issues.push({ path: [g.kind, g.index, "group"], at: "value", message: `duplicate group "${g.group}" (also ${first})` });
  }
  return issues;
}

/** p/q as exact integers; the schema has already checked the "p/q" shape. */
function fraction(text: string): [bigint, bigint] {
  const [p, q] = text.split("/");
  return [BigInt(p ?? "0"), BigInt(q ?? "1")];
}

// BigInt keeps cross-multiplication exact whatever digits the author wrote.
const inOpenUnit = ([p, q]: [bigint, bigint]): boolean => p > 0n && p < q;
const atLeast = ([a, b]: [bigint, bigint], [c, d]: [bigint, bigint]): boolean => a * d >= c * b;

export function checkThresholds(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const { hareThreshold, tortoiseThreshold } = profile.network;
  const hare = fraction(hareThreshold);
  const tortoise = fraction(tortoiseThreshold);
  for (const [key, text, value] of [
    ["hareThreshold", hareThreshold, hare],
    ["tortoiseThreshold", tortoiseThreshold, tortoise],
  ] as const) {
    if (!inOpenUnit(value)) {
      issues.push({ path: ["network", key], at: "value", message: `expected a fraction between 0 and 1 (exclusive), got "${text}"` });
    }
  }
  if (issues.length === 0 && atLeast(tortoise, hare)) {
    issues.push({
      path: ["network", "tortoiseThreshold"],
      at: "value",
      message: `expected tortoiseThreshold below hareThreshold (${hareThreshold}), got "${tortoiseThreshold}"`,
    });
  }
  return issues;
}

/** All cross-field rules; run only on a profile the schema accepted. */
export function checkRules(profile: Profile, contextSchemes?: ContextSchemes): PlacedMessage[] {
  return [...checkHosts(profile), ...checkGroupNames(profile), ...checkThresholds(profile), ...checkFaults(profile), ...checkExistingHosts(profile, contextSchemes), ...checkSwarm(profile), ...checkBounds(profile)];
}
