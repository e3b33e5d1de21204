// Reads a package's maintainer script (pure) for what it does to docker and containerd on an upgrade: dpkg
// runs `prerm upgrade NEW` and `postinst configure OLD`. Follows if/case on "$1", debhelper's
// `_dh_action=restart`, and debconf gates (`db_get Q` then `if [ "$RET" ... ]`). A heuristic, not a shell.

export type Unit = "docker" | "containerd";
export type Verb = "start" | "stop" | "restart";

export interface ScriptAction {
  unit: Unit;
  verb: Verb;
  /** Reached when dpkg runs the script for an upgrade. */
  onUpgrade: boolean;
  /** A debconf question whose answer decides whether the action runs. */
  gate?: string;
  line: number;
  text: string;
}

type Frame = { kind: "if"; cond: string; negated: boolean } | { kind: "case"; subject: string; label?: string };

const UPGRADE_ARG = { postinst: "configure", prerm: "upgrade" } as const;

function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let buffer = "";
  let start = 0;
  text.split("\n").forEach((raw, index) => {
    if (buffer === "") start = index + 1;
    const line = raw.replace(/#(?![^"]*"[^"]*$).*$/, "").trimEnd();
    if (line.endsWith("\\")) buffer += `${line.slice(0, -1)} `;
    else {
      out.push({ text: (buffer + line).trim(), line: start });
      buffer = "";
    }
  });
  return out;
}

const unitOf = (name: string): Unit | undefined => {
  const bare = name.replace(/['"]/g, "").replace(/\.(service|socket)$/, "");
  return bare === "docker" || bare === "docker.io" ? "docker" : bare === "containerd" ? "containerd" : undefined;
};

/** [verb, unit names] of a service-management command, or undefined. */
function serviceCommand(line: string): [string, string[]] | undefined {
  let m = /deb-systemd-invoke\s+(\S+)\s+(.+?)(?:\s*>|\s*\|\||$)/.exec(line);
  if (m) return [m[1]!, m[2]!.split(/\s+/)];
  m = /invoke-rc\.d\s+(?:--\S+\s+)*(\S+)\s+(\S+)/.exec(line);
  if (m) return [m[2]!, [m[1]!]];
  m = /systemctl\s+(?:--\S+\s+)*(start|stop|restart|try-restart|reload-or-restart|condrestart)\s+(.+?)(?:\s*>|\s*\|\||$)/.exec(line);
  if (m) return [m[1]!, m[2]!.split(/\s+/)];
  m = /(?:^|\s)(?:service\s+|\/etc\/init\.d\/)(\S+)\s+(start|stop|restart)/.exec(line);
  if (m) return [m[2]!, [m[1]!]];
  return undefined;
}

function allows(frames: Frame[], arg: string): boolean {
  for (const frame of frames) {
    if (frame.kind === "if" && !frame.negated) {
      const values = [...frame.cond.matchAll(/"?\$\{?1\}?"?\s*==?\s*"?([A-Za-z*-]+)"?/g)].map((m) => m[1]!);
      if (values.length > 0 && !values.includes(arg)) return false;
    }
    if (frame.kind === "case" && /\$\{?1\}?/.test(frame.subject) && frame.label !== undefined) {
      const globs = frame.label.split("|").map((g) => g.trim().replace(/^["']|["']$/g, ""));
      if (!globs.some((g) => new RegExp(`^${g.replace(/[.+^${}()\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".")}$`).test(arg))) return false;
    }
  }
  return true;
}

export function analyseScript(text: string, phase: "postinst" | "prerm"): ScriptAction[] {
  const assigned = new Map<string, Set<string>>();
  for (const m of text.matchAll(/(?:^|\s)([A-Za-z_][A-Za-z0-9_]*)=["']?([a-z-]+)/gm)) {
    assigned.set(m[1]!, (assigned.get(m[1]!) ?? new Set()).add(m[2]!));
  }
  const actions: ScriptAction[] = [];
  const frames: Frame[] = [];
  let question: string | undefined;
  for (const { text: line, line: number } of logicalLines(text)) {
    const top = frames[frames.length - 1];
    if (/^(if|while|until|for)\s/.test(line)) frames.push({ kind: "if", cond: line, negated: false });
    else if (/^elif\s/.test(line) && top?.kind === "if") Object.assign(top, { cond: line, negated: false });
    else if (/^else\b/.test(line) && top?.kind === "if") top.negated = true;
    else if (/^(fi|done)\b/.test(line)) frames.pop();
    else if (/^case\s+(.+)\s+in\b/.test(line)) frames.push({ kind: "case", subject: /^case\s+(.+)\s+in\b/.exec(line)![1]! });
    else if (/^esac\b/.test(line)) frames.pop();
    else if (top?.kind === "case" && /^[^()\s][^()]*\)/.test(line)) top.label = /^([^()]+)\)/.exec(line)![1];
    const dbGet = /db_get\s+(\S+)/.exec(line);
    if (dbGet) question = dbGet[1];
    const command = serviceCommand(line);
    if (command) {
      const [rawVerb, units] = command;
      const name = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(rawVerb)?.[1];
      const verbs = name ? [...(assigned.get(name) ?? [])] : [rawVerb];
      const verb: Verb | undefined = verbs.some((v) => /restart/.test(v)) ? "restart" : verbs.includes("stop") ? "stop" : verbs.includes("start") ? "start" : undefined;
      const gated = /\$\{?RET\}?/.test(line) || frames.some((f) => f.kind === "if" && /\$\{?RET\}?/.test(f.cond));
      for (const unit of new Set(units.map(unitOf).filter((u): u is Unit => u !== undefined))) {
        // The line itself may carry the condition: [ "$1" = remove ] && deb-systemd-invoke stop ...
        const onUpgrade = allows([...frames, { kind: "if", cond: line, negated: false }], UPGRADE_ARG[phase]);
        if (verb) actions.push({ unit, verb, onUpgrade, gate: gated ? question : undefined, line: number, text: line });
      }
    }
    if (/^if\s.*\bfi\s*;?$/.test(line)) frames.pop();
    if (top?.kind === "case" && /;;\s*$/.test(line) && frames[frames.length - 1] === top) top.label = undefined;
  }
  return actions;
}
