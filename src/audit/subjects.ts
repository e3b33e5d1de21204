// What rules look at: each source turns into subjects, and each rule family checks one kind of subject.
import type { AuditObject, Finding } from "./finding.js";
import type { RuleId } from "./catalog.js";
import type { ComposeService } from "./compose/model.js";
import type { DaemonSubject } from "./daemon-subject.js";
import type { FleetSubject } from "./fleet-subject.js";
import type { HostExposure } from "./apt/exposure.js";
import type { LiveService } from "./service-subject.js";
import type { Workload } from "./workload.js";

export type Subject =
  | { kind: "workload"; object: AuditObject; workload: Workload }
  | { kind: "compose-service"; object: AuditObject; service: ComposeService }
  | { kind: "stack-service"; object: AuditObject; service: ComposeService }
  | { kind: "swarm-service"; object: AuditObject; service: LiveService }
  | { kind: "daemon"; object: AuditObject; daemon: DaemonSubject }
  | { kind: "apt-host"; object: AuditObject; host: HostExposure }
  | { kind: "fleet"; object: AuditObject; fleet: FleetSubject };

export type SubjectKind = Subject["kind"];

export interface RuleFamily<K extends SubjectKind = SubjectKind> {
  kind: K;
  /** The rules this family may report, each a JUnit testcase on every subject it checks. */
  rules: readonly RuleId[];
  check(subject: Extract<Subject, { kind: K }>): Finding[];
}
