// The names rebound turns into paths, daemons, bridges and files, and the rules that keep them in its namespace.
import { inputError } from "../errors.js";

/** A profile, host or group name, as the profile schema allows it: never a separator, a dot or a control character. */
export const NAME_PATTERN = /^[a-z][a-z0-9-]{0,19}$/;
export const NAME_RULE = "a lower-case name of 1-20 characters (a-z, 0-9, -) starting with a letter";

export const isName = (text: string): boolean => NAME_PATTERN.test(text);

/** What a command argument that names a profile must be; nothing has been read when this throws. */
export function requireProfileName(arg: string): string {
  if (isName(arg)) return arg;
  throw inputError(`${JSON.stringify(arg)}: not a profile file or a profile name (expected ${NAME_RULE}, or a path to a .yaml file)`);
}

/**
 * A sandbox daemon's name: its profile and host joined by a dot, which names cannot contain, so two profiles can
 * never map to one sandbox (with a dash, profile default-a's host b and profile default's host a-b met).
 * At most 41 characters; it becomes one directory under REBOUND_HOME/sandboxes and is hashed for the run dir.
 */
export const sandboxName = (profile: string, host: string): string => `${profile}.${host}`;

/** The profile and host a sandbox name was built from; undefined for a name rebound does not make. */
export function parseSandboxName(name: string): { profile: string; host: string } | undefined {
  const parts = name.split(".");
  if (parts.length !== 2 || !parts.every(isName)) return undefined;
  return { profile: parts[0]!, host: parts[1]! };
}

/**
 * A directory under REBOUND_HOME/sandboxes that may be read as a sandbox: one safe path component. Broader than
 * sandboxName (sandboxes made before the dot, or by tests, are still listed and stopped) but never `.`, `..` or a `/`.
 */
export const isSandboxDirName = (name: string): boolean => /^[a-z][a-z0-9.-]{0,62}$/.test(name) && !name.includes("..");

/** The bridges rebound makes: "rb" and 8 hex digits (15 characters is Linux's limit for an interface name). */
export const BRIDGE_PATTERN = /^rb[0-9a-f]{8}$/;

/** An experiment's /16, as its first two octets: 10.200 to 10.254, the range newRecord chooses from. */
export const SUBNET_PREFIX_PATTERN = /^10\.(20[0-9]|2[1-4][0-9]|25[0-4])$/;
