// Exact share comparisons: thresholds are fractions and weights integers, so "exactly half" never rounds to "more".

export type Fraction = [numerator: number, denominator: number];

/**
 * part / total > num / den, by integer cross-multiplication. BigInt because units x ticks x a denominator can pass
 * 2^53. An empty total never passes: nobody can confirm against no weight at all.
 */
export function exceeds(part: number, total: number, [num, den]: Fraction): boolean {
  if (total <= 0) return false;
  return BigInt(Math.trunc(part)) * BigInt(den) > BigInt(num) * BigInt(Math.trunc(total));
}

/** floor(value x num / den) for the integer times the model derives from fractions of a layer. */
export function scaleFloor(value: number, [num, den]: Fraction): number {
  return Math.floor((value * num) / den);
}

export function isFraction(value: unknown): value is Fraction {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    Number.isInteger(value[0]) &&
    Number.isInteger(value[1]) &&
    (value[0] as number) >= 0 &&
    (value[1] as number) > 0
  );
}

/** "p/q" as written in a profile; the profile schema has already checked the shape. */
export function parseFraction(text: string): Fraction {
  const match = /^([0-9]+)\/([1-9][0-9]*)$/.exec(text);
  if (!match) throw new Error(`not a fraction: ${text}`);
  return [Number(match[1]), Number(match[2])];
}

export const fractionText = ([num, den]: Fraction) => `${num}/${den}`;
