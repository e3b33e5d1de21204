// rebound audit: reads live containers and daemons (and a Swarm manager's services), compose files, daemon.json,
// a host's apt configuration and a profile, runs the rules, and returns the findings. It changes nothing anywhere.
import { inputError } from "../errors.js";
import { isRuleId, RULE_IDS } from "./catalog.js";
import { SEVERITIES, meetsFailOn, objectLabel, type FailOn } from "./finding.js";
import { runRules } from "./run.js";
import type { AuditReport } from "./report.js";
import type { Subject } from "./subjects.js";
import { assessHost, type HostExposure } from "./apt/exposure.js";
import { readAptRoot } from "./apt/read-root.js";
import { readComposeProject } from "./compose/read.js";
import { composeWorkload, serviceObject, stackWorkload } from "./compose/workloads.js";
import { readDaemonJson } from "./sources/daemon-json.js";
import { containerSubjects, daemonSubject, isSwarmTask } from "./sources/live.js";
import { profileSubjects } from "./sources/profile.js";
import { readSwarmServices } from "./sources/swarm-services.js";
import { DockerodeAuditReader, type AuditReader, type ContainerFilter } from "../docker/audit-reader.js";
import { liveEndpoints, type AuditTls } from "./sources/endpoints.js";
import { describeEndpoint, type ResolvedEndpoint } from "../docker/endpoint.js";
import { loadProfile } from "../profile/load.js";
import { sandboxEndpoints } from "./sources/sandboxes.js";

export type { AuditReport };

export interface AuditOptions {
  /** -H: unix://, tcp:// or ssh:// endpoints. */
  hosts?: string[];
  /** --context: Docker context names. */
  contexts?: string[];
  /** --tls-ca/--tls-cert/--tls-key: applied to every tcp:// host, verified. */
  tls?: AuditTls;
  /** Running sandbox daemons: true for all, or a profile's. */
  sandbox?: string | true;
  filter?: ContainerFilter;
  /** Each entry is one project: "a.yml" or "a.yml,b.yml" merged like docker compose -f a.yml -f b.yml. */
  compose?: string[];
  /** The same, read as `docker stack deploy -c a.yml -c b.yml` reads them (Swarm). */
  stack?: string[];
  daemonJson?: string;
  aptRoot?: string;
  profile?: string;
  failOn?: string;
  ignore?: string[];
  env?: NodeJS.ProcessEnv;
  openReader?: (endpoint: ResolvedEndpoint, env: NodeJS.ProcessEnv) => AuditReader;
}

export function parseFailOn(value: string | undefined): FailOn {
  const text = value ?? "error";
  if (text === "never" || (SEVERITIES as readonly string[]).includes(text)) return text as FailOn;
  throw inputError(`unknown --fail-on value "${text}": expected info, warning, error or never`);
}

function parseIgnore(ids: string[]): Set<string> {
  const unknown = ids.find((id) => !isRuleId(id));
  if (unknown) throw inputError(`unknown rule id "${unknown}" in --ignore`, `rule ids: ${RULE_IDS.join(", ")}`);
  return new Set(ids);
}

export async function audit(options: AuditOptions): Promise<AuditReport> {
  const started = Date.now();
  const env = options.env ?? process.env;
  const failOn = parseFailOn(options.failOn);
  const ignore = parseIgnore(options.ignore ?? []);
  const explicit = [options.hosts?.length, options.contexts?.length, options.sandbox, options.compose?.length, options.stack?.length, options.daemonJson, options.aptRoot, options.profile].some(Boolean);
  // Resolved up front (files, contexts, TLS material): bad input is reported before any daemon is contacted.
  const hosts = liveEndpoints({ hosts: options.hosts, contexts: options.contexts, tls: options.tls, resolveDefault: !explicit }, env);
  const aptRoot = explicit ? options.aptRoot : "/";
  const sources: string[] = [];
  const subjects: Subject[] = [];

  // Files first: bad input is reported before any daemon is contacted.
  const daemonJson = options.daemonJson ? await readDaemonJson(options.daemonJson) : undefined;
  for (const entry of options.compose ?? []) {
    const project = await readComposeProject(entry.split(","), env);
    sources.push(`compose ${project.files.join(" + ")}: ${project.services.length} services`);
    for (const service of project.services) {
      const workload = composeWorkload(project, service);
      subjects.push({ kind: "workload", object: workload.object, workload }, { kind: "compose-service", object: serviceObject(project, service), service });
    }
  }
  for (const entry of options.stack ?? []) {
    const project = await readComposeProject(entry.split(","), env);
    sources.push(`stack ${project.files.join(" + ")}: ${project.services.length} services`);
    for (const service of project.services) {
      const workload = stackWorkload(project, service);
      subjects.push({ kind: "workload", object: workload.object, workload }, { kind: "stack-service", object: workload.object, service });
    }
  }
  if (options.profile) {
    subjects.push(...profileSubjects(await loadProfile(options.profile), options.profile));
    sources.push(`profile ${options.profile}`);
  }
  const sandboxes = options.sandbox ? liveEndpoints({ hosts: await sandboxEndpoints(options.sandbox === true ? undefined : options.sandbox) }, {}) : [];
  hosts.push(...sandboxes);

  const open = options.openReader ?? ((endpoint, e) => new DockerodeAuditReader(endpoint, e));
  const attachConfig = hosts.length === 1 ? daemonJson : undefined;
  const seenServices = new Set<string>();
  for (const endpoint of hosts) {
    const reader = open(endpoint, env);
    const daemon = await reader.daemon();
    const containers = await reader.containers(options.filter ?? {});
    const how = sandboxes.includes(endpoint) ? `${endpoint.url} (sandbox daemon)` : describeEndpoint(endpoint);
    const tasks = containers.filter(isSwarmTask).length;
    const left = tasks > 0 ? ` (${tasks} of them Swarm tasks, not judged as containers: their service's restart_policy decides, not Docker's restart policy)` : "";
    sources.push(`docker ${how}, Docker ${daemon.serverVersion}: ${containers.length} containers${left}`);
    // Plain `docker` in the same shell reaches an endpoint the environment chose, so its fixes need no -H.
    const plainDocker = endpoint.source !== "flag" && endpoint.source !== "profile" ? endpoint.url : "";
    subjects.push(daemonSubject(daemon, attachConfig), ...containerSubjects(containers, endpoint.url, plainDocker));
    const swarm = await readSwarmServices(reader, daemon, options.filter ?? {}, { endpoint: endpoint.url, defaultEndpoint: plainDocker, how }, seenServices);
    if (swarm.source) sources.push(swarm.source);
    subjects.push(...swarm.subjects);
  }
  if (daemonJson && !attachConfig) {
    const lr = daemonJson.liveRestore;
    const evidence = lr ? `${daemonJson.file}:${lr.line}: "live-restore": ${lr.value}` : `${daemonJson.file}: no "live-restore" (default false)`;
    subjects.push({ kind: "daemon", object: { kind: "daemon-config", name: daemonJson.file, file: daemonJson.file }, daemon: { configuredBy: { kind: "daemon-json", file: daemonJson.file }, liveRestore: { value: lr?.value ?? false, evidence } } });
    sources.push(`daemon.json ${daemonJson.file}`);
  }

  const exposures: HostExposure[] = [];
  if (aptRoot) {
    const exposure = assessHost(await readAptRoot(aptRoot));
    exposures.push(exposure);
    subjects.push({ kind: "apt-host", object: { kind: "host", name: aptRoot, scope: "apt" }, host: exposure });
    sources.push(`apt root ${aptRoot}: ${exposure.packages.length} Docker packages installed`);
  }

  const { findings, checks } = runRules(subjects, ignore);
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  return {
    sources,
    findings,
    checks,
    hosts: exposures,
    summary: { info: count("info"), warning: count("warning"), error: count("error"), objects: new Set([...subjects.map((s) => objectLabel(s.object)), ...findings.map((f) => objectLabel(f.object))]).size, checks: checks.length },
    failOn,
    failed: findings.some((f) => meetsFailOn(f.severity, failOn)),
    elapsedMs: Date.now() - started,
  };
}
