// The audit's vocabulary: severities, the objects findings are about, and the finding itself.

export const SEVERITIES = ["info", "warning", "error"] as const;
export type Severity = (typeof SEVERITIES)[number];
/** --fail-on: a severity, or "never" to report without failing. */
export type FailOn = Severity | "never";

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export function meetsFailOn(severity: Severity, failOn: FailOn): boolean {
  return failOn !== "never" && severityRank(severity) >= severityRank(failOn);
}

export type ObjectKind = "container" | "service" | "daemon" | "daemon-config" | "host" | "package" | "apt-config" | "fleet" | "group";

/** What a finding is about; `scope` says where it lives (an endpoint, a compose file, an apt root, a profile). */
export interface AuditObject {
  kind: ObjectKind;
  name: string;
  scope?: string;
  /** Docker's own id, where a name alone is ambiguous over time (a Swarm service removed and created again). */
  id?: string;
  file?: string;
  line?: number;
}

export interface Fix {
  /** What to change, in one sentence. */
  text: string;
  /** Shell lines for --fix; files to edit are described in `text` instead. */
  commands?: string[];
}

export interface Finding {
  rule: string;
  severity: Severity;
  object: AuditObject;
  message: string;
  /** The facts the rule used, each pointing at its source (file:line, inspect field, API answer). */
  evidence: string[];
  fix: Fix;
}

/** A place in a file, 1-based, as editors and CI logs expect. */
export interface Location {
  file: string;
  line: number;
  column?: number;
}

export const at = (loc: Location | undefined): string =>
  loc ? `${loc.file}:${loc.line}${loc.column ? `:${loc.column}` : ""}` : "";

/** Stable key for grouping and for JUnit class names. */
export function objectLabel(object: AuditObject): string {
  const where = object.file ? ` (${object.file}${object.line ? `:${object.line}` : ""})` : object.scope ? ` (${object.scope})` : "";
  const id = object.id ? ` ${object.id.slice(0, 12)}` : "";
  return `${object.kind} ${object.name}${id}${where}`;
}
