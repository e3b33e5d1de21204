// `rebound audit`: flags only; the command computes the report, a printer renders it, findings map to exit 1.
import { Command } from "commander";
import { audit, type AuditReport } from "../commands/audit.js";
import { inputError, ReboundError } from "../errors.js";
import { meetsFailOn } from "../audit/finding.js";
import { formatAudit } from "../output/audit-console.js";
import { auditFixScript } from "../output/audit-fix.js";
import { auditJson } from "../output/audit-json.js";
import { checkAuditFile, writeAuditFile } from "../output/audit-file.js";
import { auditJunit } from "../output/audit-junit.js";

interface Flags {
  host?: string[];
  context?: string[];
  tlsCa?: string;
  tlsCert?: string;
  tlsKey?: string;
  sandbox?: string | true;
  label?: string[];
  name?: string[];
  project?: string;
  compose?: string[];
  stack?: string[];
  daemonJson?: string;
  aptRoot?: string | true;
  profile?: string;
  failOn: string;
  ignore?: string[];
  json?: boolean;
  junit?: string | true;
  fix?: boolean;
}

const collect = (value: string, previous: string[] | undefined) => [...(previous ?? []), value];
const say = (text: string) => process.stdout.write(text + "\n");

async function print(report: AuditReport, flags: Flags): Promise<void> {
  if (typeof flags.junit === "string") await writeAuditFile("junit", flags.junit, auditJunit(report) + "\n");
  if (flags.json) say(auditJson(report));
  else if (flags.junit === true) say(auditJunit(report));
  else if (flags.fix) say(auditFixScript(report));
  else say(formatAudit(report));
}

export function auditCommand(): Command {
  return new Command("audit")
    .description("is this host, compose file or fleet set up to survive restarts? reads, never changes anything")
    .option("-H, --host <endpoint>", "Docker endpoint to read (unix:///PATH, tcp://HOST:PORT, ssh://[USER@]HOST[:PORT]); repeatable", collect)
    .option("--context <name>", "Docker context to read (docker context ls); repeatable", collect)
    .option("--tls-ca <file>", "CA that signed the daemon's certificate, for every tcp:// -H (verification is always on)")
    .option("--tls-cert <file>", "client certificate for every tcp:// -H (with --tls-key)")
    .option("--tls-key <file>", "client key for every tcp:// -H (with --tls-cert)")
    .option("--sandbox [profile]", "the running sandbox daemons rebound started (all, or one profile's)")
    .option("--label <key[=value]>", "only containers with this label; repeatable", collect)
    .option("--name <name>", "only containers whose name matches (Docker's name filter); repeatable", collect)
    .option("--project <name>", "only containers of this compose project")
    .option("--compose <file[,file]>", "compose file(s) to read statically; a,b is one project (docker compose -f a -f b); repeatable", collect)
    .option("--stack <file[,file]>", "compose file(s) read as docker stack deploy -c reads them (Swarm: deploy.restart_policy, placement); repeatable", collect)
    .option("--daemon-json <file>", "a dockerd configuration file (daemon.json)")
    .option("--apt-root [dir]", "a host's package configuration under DIR (default /)")
    .option("--profile <file>", "a rebound profile: the fleet's failure domains and groups")
    .option("--fail-on <severity>", "exit 1 when a finding at or above this exists: info, warning, error, never", "error")
    .option("--ignore <rule>", "leave out a rule id; repeatable", collect)
    .option("--json", "print the report as JSON")
    .option("--junit [file]", "JUnit XML, one testcase per object and rule (to FILE, or stdout)")
    .option("--fix", "print the fixes as a shell script (runs nothing)")
    .addHelpText(
      "after",
      [
        "",
        "With no source flag it reads / and the Docker daemon plain `docker` would use: DOCKER_HOST, else",
        "DOCKER_CONTEXT, else the current context (docker context use; $DOCKER_CONFIG/config.json), else",
        "unix:///var/run/docker.sock. Each -H and --context names one more daemon to read. A tcp:// host uses TLS",
        "with --tls-*, or with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH set; a context uses its own TLS files.",
        "Rule ids, severities and fixes: docs/audit.md",
      ].join("\n"),
    )
    .showHelpAfterError("(rebound audit --help lists the options)")
    .exitOverride()
    .action(async (flags: Flags) => {
      const printers = [flags.json, flags.junit === true, flags.fix].filter(Boolean).length;
      if (printers > 1) throw inputError("--json, --junit (to stdout) and --fix each print the whole report: choose one", "give --junit a FILE to combine it with another");
      // A file that cannot be written is found before the audit reads anything or prints half a report.
      if (typeof flags.junit === "string") await checkAuditFile("junit", flags.junit);
      const report = await audit({
        hosts: flags.host,
        contexts: flags.context,
        tls: flags.tlsCa || flags.tlsCert || flags.tlsKey ? { ca: flags.tlsCa, cert: flags.tlsCert, key: flags.tlsKey } : undefined,
        sandbox: flags.sandbox,
        filter: { labels: flags.label, names: flags.name, project: flags.project },
        compose: flags.compose,
        stack: flags.stack,
        daemonJson: flags.daemonJson,
        aptRoot: flags.aptRoot === true ? "/" : flags.aptRoot,
        profile: flags.profile,
        failOn: flags.failOn,
        ignore: flags.ignore,
      });
      await print(report, flags);
      if (report.failed) {
        const count = report.findings.filter((f) => meetsFailOn(f.severity, report.failOn)).length;
        throw new ReboundError("failed", `audit: ${count} finding(s) at or above ${report.failOn} (--fail-on ${report.failOn})`);
      }
    });
}
