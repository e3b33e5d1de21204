// rebound audit: nothing to load or check before the sources are read, so the command is the audit itself
// (src/audit/audit.ts: read the sources, run the rules, return the report; it changes nothing).
export { audit, parseFailOn, type AuditOptions, type AuditReport } from "../audit/audit.js";
