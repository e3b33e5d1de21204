// What upgrading one package does to docker and containerd, from its maintainer scripts (or, without them,
// from what the package is known to do), debconf answers included.
import { analyseScript, type ScriptAction, type Unit } from "./scripts.js";
import { knownBehaviour, shipsUnit } from "./packages.js";
import { truthy } from "./conf.js";

/** restart: at once; deferred: the binary is replaced, the running daemon keeps the old one until it restarts. */
export type UnitEffect = "restart" | "deferred" | "none";

type Scripts = { postinst?: { file: string; text: string }; prerm?: { file: string; text: string } };

export function effectOf(name: string, origin: string, scripts: Scripts, debconf: Map<string, string>) {
  const evidence: string[] = [];
  const actions: (ScriptAction & { file: string; phase: "postinst" | "prerm" })[] = [];
  for (const phase of ["postinst", "prerm"] as const) {
    const script = scripts[phase];
    if (script) actions.push(...analyseScript(script.text, phase).map((a) => ({ ...a, file: script.file, phase })));
  }
  const known = scripts.postinst || scripts.prerm ? [] : knownBehaviour(name, origin);
  if (known.length > 0) evidence.push(`no maintainer scripts under the root; known behaviour: ${known.map((k) => k.why).join("; ")}`);
  const gateOpen = (gate: string | undefined) => {
    if (!gate) return true;
    const answer = debconf.get(gate);
    evidence.push(`debconf ${gate} = ${answer ?? "unset (default false)"}`);
    return truthy(answer);
  };
  const effect = (unit: Unit): UnitEffect => {
    const upgrade = actions.filter((a) => a.unit === unit && a.onUpgrade);
    const restart = upgrade.find((a) => a.verb === "restart" && a.phase === "postinst" && gateOpen(a.gate));
    const stop = upgrade.find((a) => a.phase === "prerm" && a.verb !== "start" && gateOpen(a.gate));
    const decisive = restart ?? stop;
    if (decisive) {
      evidence.push(`${decisive.file}:${decisive.line}: ${decisive.verb === "stop" ? "stops" : "restarts"} ${unit} on upgrade${decisive.gate ? ` (debconf ${decisive.gate} is true)` : ""}: ${decisive.text}`);
      return "restart";
    }
    const k = known.find((b) => b.unit === unit);
    if (k && k.verb === "restart" && gateOpen(k.gate)) return "restart";
    if (shipsUnit(name) !== unit) return "none";
    const start = upgrade.find((a) => a.verb === "start");
    if (start) evidence.push(`${start.file}:${start.line}: only starts ${unit} (a running daemon keeps its old binary): ${start.text}`);
    return "deferred";
  };
  const dockerd = effect("docker");
  const containerd = effect("containerd");
  return { dockerd, containerd, effectEvidence: [...new Set(evidence)] };
}
