// Compose's variable interpolation (${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, $VAR, $$),
// applied to the few values the audit reads, so it sees what `docker compose` would.

export type Env = Record<string, string | undefined>;

const PATTERN = /\$(?:(\$)|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/** Returns the interpolated text, or throws Error(message) for ${VAR:?message} with VAR unset. */
export function interpolate(text: string, env: Env): string {
  return text.replace(PATTERN, (_match, dollar: string | undefined, braced, operator: string | undefined, argument: string | undefined, bare) => {
    if (dollar) return "$";
    const name = (braced ?? bare) as string;
    const value = env[name];
    const unset = value === undefined || (operator?.startsWith(":") === true && value === "");
    if (operator === undefined || !unset) return value ?? "";
    if (operator.endsWith("-")) return argument ?? "";
    throw new Error(`required variable ${name} is not set${argument ? `: ${argument}` : ""}`);
  });
}
