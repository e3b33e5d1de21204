// Fleet rules: would losing one host (a daemon restart, an upgrade, a reboot) stop consensus or activations?
// Thresholds are fractions compared exactly: "no more than 1/2 left" is left * 2 <= total.
import { finding } from "./catalog.js";
import type { AuditObject, Finding } from "./finding.js";
import type { FleetHost, FleetSubject } from "./fleet-subject.js";
import { exceeds, fractionText, type Fraction } from "../standins/model/fraction.js";
import type { RuleFamily } from "./subjects.js";

const THIRD: Fraction = [1, 3];
const show = fractionText;

function hostFindings(fleet: FleetSubject, host: FleetHost, total: number): Finding[] {
  const object: AuditObject = { kind: "host", name: host.key, scope: fleet.file };
  const left = total - host.weight;
  const evidence = [`host ${host.key}: ${host.weight} of ${total} units (${host.groups.join(", ") || "no smeshers"}); without it ${left} of ${total} remain`];
  const fix = { text: `spread the smeshers of ${host.key} over more hosts (failure domains) in ${fleet.file}, so no single host holds that much weight` };
  const findings: Finding[] = [];
  const hareLost = !exceeds(left, total, fleet.hareThreshold);
  const tortoiseLost = !exceeds(left, total, fleet.tortoiseThreshold);
  if (hareLost) {
    findings.push(finding("weight-concentration-hare", object, `losing host ${host.key} leaves ${left}/${total} of the weight, not more than hareThreshold ${show(fleet.hareThreshold)}: Hare stops confirming layers`, [...evidence, `hareThreshold ${show(fleet.hareThreshold)}`], fix));
  }
  if (tortoiseLost) {
    findings.push(finding("weight-concentration-tortoise", object, `losing host ${host.key} leaves ${left}/${total}, not more than tortoiseThreshold ${show(fleet.tortoiseThreshold)}: even self-healing cannot verify layers`, [...evidence, `tortoiseThreshold ${show(fleet.tortoiseThreshold)}`], fix));
  }
  if (!hareLost && !tortoiseLost && exceeds(host.weight, total, THIRD)) {
    findings.push(finding("weight-concentration-third", object, `host ${host.key} holds ${host.weight}/${total} of the weight, more than 1/3, the share the protocol is designed to tolerate losing`, evidence, fix));
  }
  return findings;
}

function checkFleet(fleet: FleetSubject, object: AuditObject): Finding[] {
  const total = fleet.hosts.reduce((sum, host) => sum + host.weight, 0);
  const findings = total > 0 ? fleet.hosts.flatMap((host) => hostFindings(fleet, host, total)) : [];
  const poetHosts = fleet.hosts.filter((host) => host.poets > 0);
  if (poetHosts.length === 1) {
    const host = poetHosts[0]!;
    findings.push(
      finding("poets-single-host", { kind: "host", name: host.key, scope: fleet.file }, `every PoET (${host.poets}) runs on host ${host.key}: losing it leaves no smesher a proof, so nobody is eligible in the next epoch`, [`PoETs per host: ${fleet.hosts.map((h) => `${h.key}=${h.poets}`).join(", ")}`], {
        text: `run PoETs on at least two hosts, apart from the smeshers' majority, in ${fleet.file}`,
      }),
    );
  }
  if (!fleet.selfHealing) {
    findings.push(finding("self-healing-off", object, "self-healing is off: one layer that Hare fails to confirm stops the verified layer for good", [`network.selfHealing: false in ${fleet.file}`], { text: `set \`network.selfHealing: true\` in ${fleet.file}` }));
  }
  return findings;
}

export const fleetRules: RuleFamily<"fleet"> = {
  kind: "fleet",
  rules: ["weight-concentration-hare", "weight-concentration-tortoise", "weight-concentration-third", "poets-single-host", "self-healing-off"],
  check: (subject) => checkFleet(subject.fleet, subject.object),
};
