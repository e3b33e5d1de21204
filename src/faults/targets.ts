// Pure: which members of the topology a fault's target selects. Every filter must match; a share is taken
// last, from a seeded shuffle, so the same seed always picks the same containers.
import type { TargetSpec } from "../profile/schema.js";
import type { PlannedContainer } from "../topology/plan.js";
import { seededRandom, shuffled } from "./seeded-random.js";

export function selectTargets(members: PlannedContainer[], target: TargetSpec, seed: number): PlannedContainer[] {
  const [labelKey, labelValue] = target.label?.split(/=(.*)/s) ?? [];
  const filtered = members.filter(
    (member) =>
      (target.host === undefined || member.host === target.host) &&
      (target.role === undefined || member.role === target.role) &&
      (target.group === undefined || member.group === target.group) &&
      (target.name === undefined || member.spec.name === target.name) &&
      (labelKey === undefined || member.spec.labels[labelKey] === labelValue),
  );
  if (target.share === undefined) return filtered;
  const percent = Number(target.share.slice(0, -1));
  const order = shuffled(filtered, seededRandom(seed));
  if (target.of === "containers") return order.slice(0, Math.round((filtered.length * percent) / 100));
  // By weight: take smeshers until their units reach the share (compared exactly, in integers).
  const total = filtered.reduce((sum, member) => sum + member.config.units, 0);
  const chosen: PlannedContainer[] = [];
  let units = 0;
  for (const member of order) {
    if (units * 100 >= total * percent) break;
    if (member.config.units === 0) continue;
    chosen.push(member);
    units += member.config.units;
  }
  return chosen;
}

/** The target as a phrase for logs and errors: "role=smesher, share=30% of weight". */
export function describeTarget(target: TargetSpec): string {
  const parts = (["host", "role", "group", "name", "label"] as const)
    .filter((key) => target[key] !== undefined)
    .map((key) => `${key}=${target[key]}`);
  if (target.share !== undefined) parts.push(`share=${target.share} of ${target.of}`);
  return parts.length > 0 ? parts.join(", ") : "every container";
}

