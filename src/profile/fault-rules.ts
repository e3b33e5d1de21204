// Cross-field rules for the method: each fault's parameters, targets that exist, one schedule per fault.
// Which parameters a fault takes and whether it acts on a whole host come from the fault catalogue.
import { FAULT_CATALOG, hitsWholeHost, parametersOf, type ParameterName } from "../faults/catalog.js";
import type { PlacedMessage } from "./format-issue.js";
import type { Profile } from "./schema.js";

const PARAMETERS = [
  ...new Set(Object.values(FAULT_CATALOG).flatMap((info) => Object.keys(info.parameters) as ParameterName[])),
];

export function checkFaults(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const hosts = Object.keys(profile.hosts);
  const groups = new Set([...profile.smeshers, ...profile.poets].map((g) => g.group));
  profile.method.forEach((fault, index) => {
    const at = (path: (string | number)[], message: string, where: "key" | "value" = "value") =>
      issues.push({ path: ["method", index, ...path], at: where, message });
    const allowed = parametersOf(fault.fault);
    for (const parameter of PARAMETERS) {
      if (fault[parameter] !== undefined && !allowed.includes(parameter)) {
        at([parameter], `${fault.fault} takes no "${parameter}" (its parameters: ${allowed.length > 0 ? allowed.join(", ") : "none"})`, "key");
      }
    }
    const { target } = fault;
    if (target.host !== undefined && !hosts.includes(target.host)) {
      at(["target", "host"], `unknown host "${target.host}"; hosts are: ${hosts.join(", ")}`);
    }
    if (target.group !== undefined && !groups.has(target.group)) {
      at(["target", "group"], `unknown group "${target.group}"; groups are: ${[...groups].join(", ")}`);
    }
    if (hitsWholeHost(fault.fault)) {
      if (target.host === undefined) at(["target"], `${fault.fault} needs target.host: the daemon to act on`);
      for (const key of ["role", "group", "name", "label", "share"] as const) {
        if (target[key] !== undefined) at(["target", key], `${fault.fault} acts on a whole host; "${key}" does not apply`, "key");
      }
    }
    const schedules = (["layer", "after", "registrationWindow"] as const).filter((key) => fault.at[key] !== undefined);
    if (schedules.length !== 1) at(["at"], `expected exactly one of layer, after, registrationWindow, got ${schedules.length}`);
  });
  if (profile.expect.outcome === "pass" && profile.expect.failing.length > 0) {
    issues.push({ path: ["expect", "failing"], at: "value", message: 'failing checks can only be predicted with outcome "reproduced"' });
  }
  return issues;
}
