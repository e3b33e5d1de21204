// Daemon rules: does a daemon restart (or upgrade) take every container down with it?
import { finding } from "./catalog.js";
import type { AuditObject, Finding, Fix } from "./finding.js";
import type { DaemonSubject } from "./daemon-subject.js";
import type { RuleFamily } from "./subjects.js";

function liveRestoreFix(daemon: DaemonSubject): Fix {
  const by = daemon.configuredBy;
  if (by.kind === "profile") return { text: `set \`liveRestore: true\` on ${by.path} in ${by.file}` };
  return {
    text: `set "live-restore": true in ${by.file}, then reload dockerd (SIGHUP; live-restore is reloadable). It keeps containers running across daemon restarts, not across major or minor upgrades`,
  };
}

function checkDaemon(daemon: DaemonSubject, object: AuditObject): Finding[] {
  const findings: Finding[] = [];
  const live = daemon.liveRestore;
  if (daemon.swarmActive) {
    findings.push(
      finding("live-restore-swarm", object, "Swarm mode is active: live-restore cannot be enabled, so every daemon restart stops every container; only restart policies (and Swarm's rescheduling) bring them back", [`/info Swarm.LocalNodeState = active`, ...(live ? [live.evidence] : [])], {
        text: "rely on restart policies and volumes for every container, or run the fleet outside Swarm with live-restore",
      }),
    );
  } else if (live && !live.value) {
    findings.push(finding("live-restore-off", object, "live-restore is off: a daemon restart or package upgrade stops every container, and only those whose policy brings them back return", [live.evidence], liveRestoreFix(daemon)));
  }
  const config = daemon.config;
  const configured = config?.liveRestore;
  if (daemon.swarmActive && config && configured?.value === true) {
    // dockerd checks swarm compatibility when it starts its cluster component: the file is a start that will fail.
    findings.push(
      finding(
        "live-restore-swarm-refused",
        object,
        `${config.file} turns live-restore on, but this daemon is a Swarm node: dockerd refuses that combination, so its next start (a restart, an upgrade, a reboot) fails to bring the node back`,
        ["/info Swarm.LocalNodeState = active", `${config.file}:${configured.line}: "live-restore": true`],
        { text: `remove "live-restore" from ${config.file} (or set it to false) before the daemon restarts; live-restore cannot be had in Swarm mode` },
      ),
    );
    return findings;
  }
  if (config && live && daemon.configuredBy.kind === "daemon-json") {
    const configured = config.liveRestore?.value ?? false;
    if (configured !== live.value) {
      const where = config.liveRestore ? `${config.file}:${config.liveRestore.line}: "live-restore": ${configured}` : `${config.file}: no "live-restore" (default false)`;
      findings.push(
        finding("daemon-config-drift", object, `the running daemon has live-restore ${live.value ? "on" : "off"} but ${config.file} says ${configured ? "on" : "off"}: its next restart changes how containers fare`, [live.evidence, where], {
          text: `make ${config.file} say what you want, then reload dockerd (SIGHUP)`,
        }),
      );
    }
  }
  return findings;
}

export const daemonRules: RuleFamily<"daemon"> = {
  kind: "daemon",
  rules: ["live-restore-off", "live-restore-swarm", "live-restore-swarm-refused", "daemon-config-drift"],
  check: (subject) => checkDaemon(subject.daemon, subject.object),
};
