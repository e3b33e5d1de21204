// Compose durations ("1m30s", "10s", "500ms", "2.5s", or bare seconds) in seconds; undefined when malformed.

const UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001, "µs": 0.000001, ns: 1e-9 };

export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^[0-9]+(\.[0-9]+)?$/.test(trimmed)) return Number(trimmed);
  if (!/^([0-9]+(\.[0-9]+)?(h|ms|m|s|us|µs|ns))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(/([0-9]+(?:\.[0-9]+)?)(h|ms|m|s|us|µs|ns)/g)) total += Number(match[1]) * UNITS[match[2]!]!;
  return Math.round(total * 1000) / 1000;
}
