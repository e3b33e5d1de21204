// Parses one compose file's text into services (pure): YAML 1.2 and 1.1, merge keys, located input errors.
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from "yaml";
import { inputError } from "../../errors.js";
import { parseDuration } from "./duration.js";
import { interpolate, type Env } from "./interpolate.js";
import type { ComposeDeployPlacement, ComposeDeployRestart, ComposeHealthcheck, ComposeRestart, ComposeService, Placed } from "./model.js";
import { parseMounts } from "./mounts.js";
import { entries, errorAt, expectMap, locate, lookup, type YamlContext } from "./yaml-nodes.js";

export function parseCompose(text: string, file: string, env: Env): ComposeService[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, merge: true, prettyErrors: false, uniqueKeys: true });
  const ctx: YamlContext = { doc, lc, file };
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lc.linePos(error.pos[0]);
    throw inputError(`${file}:${line}:${col}: invalid yaml: ${error.message.split("\n")[0]}`);
  }
  if (!isMap(doc.contents)) throw inputError(`${file}:1:1: expected a compose mapping with services:, got ${doc.contents ? "something else" : "an empty file"}`);
  const services = expectMap(ctx, lookup(ctx, doc.contents, "services"), "services");
  if (!services) throw inputError(`${file}:1:1: no services: mapping (the legacy version-1 layout is not supported)`);
  const drivers = volumeDrivers(ctx, doc.contents, env);
  return entries(ctx, services).map(([name, key, value]) => {
    const map = expectMap(ctx, value, `services.${name}`);
    const service = parseService(ctx, name, locate(ctx, key), map, env);
    for (const mount of service.mounts) if (mount.kind === "named" && mount.source !== undefined) mount.driver = drivers.get(mount.source) ?? "local";
    return service;
  });
}

/** A scalar's text after interpolation; numbers and booleans as compose reads them. */
function text(ctx: YamlContext, node: Node, path: string, env: Env): string {
  if (!isScalar(node)) throw errorAt(ctx, node, path, "expected a single value");
  if (typeof node.value !== "string") return String(node.value);
  try {
    return interpolate(node.value, env);
  } catch (err) {
    throw errorAt(ctx, node, path, (err as Error).message);
  }
}

function placed<T>(ctx: YamlContext, node: Node, value: T): Placed<T> {
  return { value, at: locate(ctx, node) };
}

function seconds(ctx: YamlContext, node: Node, path: string, env: Env): Placed<number> {
  const value = parseDuration(text(ctx, node, path, env));
  if (value === undefined) throw errorAt(ctx, node, path, `expected a duration such as 10s or 1m30s, got "${text(ctx, node, path, env)}"`);
  return placed(ctx, node, value);
}

function parseService(ctx: YamlContext, name: string, at: ComposeService["at"], map: YAMLMap | undefined, env: Env): ComposeService {
  const path = `services.${name}`;
  const get = (key: string) => (map ? lookup(ctx, map, key) : undefined);
  const service: ComposeService = { name, at, mounts: parseMounts(ctx, map, path, (n, p) => text(ctx, n, p, env)) };
  const restart = get("restart");
  if (restart) service.restart = parseRestartKey(ctx, restart, `${path}.restart`, env);
  const deploy = expectMap(ctx, get("deploy"), `${path}.deploy`);
  const policy = deploy && expectMap(ctx, lookup(ctx, deploy, "restart_policy"), `${path}.deploy.restart_policy`);
  if (policy) service.deployRestart = parseDeployRestart(ctx, policy, `${path}.deploy.restart_policy`, env);
  if (deploy) service.deploy = parseDeployPlacement(ctx, deploy, `${path}.deploy`, env);
  const health = expectMap(ctx, get("healthcheck"), `${path}.healthcheck`);
  if (health) service.healthcheck = parseHealthcheck(ctx, health, `${path}.healthcheck`, env);
  const grace = get("stop_grace_period");
  if (grace) service.stopGracePeriod = seconds(ctx, grace, `${path}.stop_grace_period`, env);
  return service;
}

function parseRestartKey(ctx: YamlContext, node: Node, path: string, env: Env): ComposeRestart {
  if (!isScalar(node)) throw errorAt(ctx, node, path, "expected a restart policy such as unless-stopped");
  const plain = node.type === "PLAIN";
  // YAML 1.1 (PyYAML, a %YAML 1.1 document) reads unquoted no/off/false as a boolean.
  const unquotedBoolean = plain && (typeof node.value === "boolean" || /^(no|off|false)$/i.test(String(node.source ?? node.value)));
  const value = node.value === false ? "no" : text(ctx, node, path, env);
  return { text: value, unquotedBoolean, at: locate(ctx, node) };
}

function parseDeployRestart(ctx: YamlContext, map: YAMLMap, path: string, env: Env): ComposeDeployRestart {
  const result: ComposeDeployRestart = { at: locate(ctx, map) };
  const field = (key: string) => lookup(ctx, map, key);
  const condition = field("condition");
  if (condition) result.condition = placed(ctx, condition, text(ctx, condition, `${path}.condition`, env));
  const attempts = field("max_attempts");
  if (attempts) {
    const value = Number(text(ctx, attempts, `${path}.max_attempts`, env));
    if (!Number.isInteger(value) || value < 0) throw errorAt(ctx, attempts, `${path}.max_attempts`, "expected a whole number");
    result.maxAttempts = placed(ctx, attempts, value);
  }
  for (const key of ["delay", "window"] as const) {
    const node = field(key);
    if (node) result[key] = placed(ctx, node, text(ctx, node, `${path}.${key}`, env));
  }
  return result;
}

function parseDeployPlacement(ctx: YamlContext, deploy: YAMLMap, path: string, env: Env): ComposeDeployPlacement {
  const result: ComposeDeployPlacement = { constraints: [], at: locate(ctx, deploy) };
  const mode = lookup(ctx, deploy, "mode");
  if (mode) result.mode = placed(ctx, mode, text(ctx, mode, `${path}.mode`, env));
  const placement = expectMap(ctx, lookup(ctx, deploy, "placement"), `${path}.placement`);
  const constraints = placement && lookup(ctx, placement, "constraints");
  if (constraints !== undefined && !(isScalar(constraints) && constraints.value === null)) {
    if (!isSeq(constraints)) throw errorAt(ctx, constraints, `${path}.placement.constraints`, "expected a list such as [node.hostname == vm1]");
    constraints.items.forEach((item, index) => result.constraints.push(placed(ctx, item as Node, text(ctx, item as Node, `${path}.placement.constraints[${index}]`, env))));
  }
  return result;
}

/** Top-level volumes: each name's driver ("local" unless it says otherwise; "external" for external: true). */
function volumeDrivers(ctx: YamlContext, top: YAMLMap, env: Env): Map<string, string> {
  const drivers = new Map<string, string>();
  const volumes = lookup(ctx, top, "volumes");
  if (volumes === undefined || (isScalar(volumes) && volumes.value === null)) return drivers;
  const map = expectMap(ctx, volumes, "volumes");
  for (const [name, , value] of map ? entries(ctx, map) : []) {
    const spec = isMap(value) ? value : undefined;
    const external = spec && lookup(ctx, spec, "external");
    const driver = spec && lookup(ctx, spec, "driver");
    const isExternal = external !== undefined && isScalar(external) && external.value !== false;
    drivers.set(name, isExternal ? "external" : driver ? text(ctx, driver, `volumes.${name}.driver`, env) : "local");
  }
  return drivers;
}

function parseHealthcheck(ctx: YamlContext, map: YAMLMap, path: string, env: Env): ComposeHealthcheck {
  const disable = lookup(ctx, map, "disable");
  const test = lookup(ctx, map, "test");
  const testNone = test !== undefined && (isSeq(test) ? isScalar(test.items[0]) && test.items[0].value === "NONE" : isScalar(test) && test.value === "NONE");
  const result: ComposeHealthcheck = { disabled: (isScalar(disable) && disable.value === true) || testNone, at: locate(ctx, map) };
  const interval = lookup(ctx, map, "interval");
  if (interval) result.interval = seconds(ctx, interval, `${path}.interval`, env);
  return result;
}
