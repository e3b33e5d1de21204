// Cross-field bounds: totals across hosts and groups, network values that only make sense together, and times
// that depend on the layer length (a layer number is only "an hour from genesis" once the layer is known).
import { MAX_CONTAINERS, MAX_HOSTS, MAX_SECONDS } from "./bounds.js";
import type { PlacedMessage } from "./format-issue.js";
import type { Profile } from "./schema.js";

/** The host past MAX_HOSTS and the group whose count passes MAX_CONTAINERS are where the file goes too far. */
export function checkTotals(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const hosts = Object.keys(profile.hosts);
  if (hosts.length > MAX_HOSTS) {
    issues.push({
      path: ["hosts", hosts[MAX_HOSTS]!],
      at: "key",
      message: `${hosts.length} hosts; at most ${MAX_HOSTS} (each is a Docker daemon of its own)`,
    });
  }
  let total = 0;
  const groups = [
    ...profile.smeshers.map((g, index) => ({ kind: "smeshers", index, count: g.count })),
    ...profile.poets.map((g, index) => ({ kind: "poets", index, count: g.count })),
  ];
  const all = groups.reduce((sum, g) => sum + g.count, 0);
  for (const g of groups) {
    total += g.count;
    if (total > MAX_CONTAINERS) {
      issues.push({
        path: [g.kind, g.index, "count"],
        at: "value",
        message: `the experiment would run ${all} containers (smeshers and poets together); at most ${MAX_CONTAINERS}`,
      });
      break;
    }
  }
  return issues;
}

/** p/q as exact integers; the schema has already checked the "p/q" shape and its digits. */
const parts = (text: string): [number, number] => text.split("/").map(Number) as [number, number];

export function checkNetworkBounds(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const { voteDeadline, cycleGap, layersPerEpoch } = profile.network;
  const [p, q] = parts(voteDeadline);
  if (p === 0 || p > q) {
    issues.push({ path: ["network", "voteDeadline"], at: "value", message: `expected a share of a layer above 0 and at most 1, got "${voteDeadline}"` });
  }
  if (cycleGap >= layersPerEpoch) {
    issues.push({
      path: ["network", "cycleGap"],
      at: "value",
      message: `expected fewer layers than an epoch (layersPerEpoch ${layersPerEpoch}), got ${cycleGap}: a PoET round would never execute`,
    });
  }
  return issues;
}

const secondsText = (s: number) => `${Number(s.toFixed(3))} s`;

/** Times counted in layers, turned into seconds with the profile's own layer length. */
export function checkTimes(profile: Profile): PlacedMessage[] {
  const issues: PlacedMessage[] = [];
  const { layerSeconds, layersPerEpoch } = profile.network;
  const tooLate = (path: (string | number)[], what: string, seconds: number) => {
    if (seconds > MAX_SECONDS) {
      issues.push({ path, at: "value", message: `${what} is ${secondsText(seconds)} after genesis at ${layerSeconds} s a layer; at most ${MAX_SECONDS} s` });
    }
  };
  profile.method.forEach((fault, index) => {
    if (fault.at.layer !== undefined) tooLate(["method", index, "at", "layer"], `layer ${fault.at.layer}`, fault.at.layer * layerSeconds);
    const epoch = fault.at.registrationWindow;
    if (epoch !== undefined) tooLate(["method", index, "at", "registrationWindow"], `epoch ${epoch}`, epoch * layersPerEpoch * layerSeconds);
  });
  const observe = profile.end.afterLayers * layerSeconds;
  if (observe > MAX_SECONDS) {
    issues.push({ path: ["end", "afterLayers"], at: "value", message: `${profile.end.afterLayers} layers take ${secondsText(observe)} at ${layerSeconds} s a layer; at most ${MAX_SECONDS} s` });
  }
  const { forLayers, timeoutSeconds } = profile.steady;
  const hold = forLayers * layerSeconds;
  if (hold > timeoutSeconds) {
    issues.push({
      path: ["steady", "forLayers"],
      at: "value",
      message: `holding ${forLayers} layers takes ${secondsText(hold)}, longer than steady.timeoutSeconds (${timeoutSeconds}): the steady state could never be reached`,
    });
  }
  return issues;
}

export function checkBounds(profile: Profile): PlacedMessage[] {
  return [...checkTotals(profile), ...checkNetworkBounds(profile), ...checkTimes(profile)];
}
