// Thresholds as exact fractions: "1/2" is [1, 2], compared by cross-multiplication, never in floating point.

export type Fraction = [number, number];

export function parseFraction(text: string): Fraction {
  const match = /^([0-9]+)\/([1-9][0-9]*)$/.exec(text);
  if (!match) throw new Error(`not a fraction: ${text}`);
  return [Number(match[1]), Number(match[2])];
}

/** a/b > c/d, exactly. */
export function greaterThan([a, b]: Fraction, [c, d]: Fraction): boolean {
  return a * d > c * b;
}
