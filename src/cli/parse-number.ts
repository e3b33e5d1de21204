// Strict parsers for numeric options: plain decimal digits in a range, or commander's usage error (exit 2).
import { InvalidArgumentError } from "commander";

// Plain digits only: Number() would take "", " 5", "0x10", "1e999" (Infinity) and "NaN" is a number to it too.
const DECIMAL = /^[0-9]{1,15}(\.[0-9]{1,6})?$/;
const INTEGER = /^[0-9]{1,15}$/;

/** A number of seconds, more than 0 and at most `max`, written as digits with an optional fraction. */
export function secondsOption(max: number): (value: string) => number {
  return (value) => {
    const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
    if (!(n > 0 && n <= max)) throw new InvalidArgumentError(`expected seconds above 0 and at most ${max}, such as 120`);
    return n;
  };
}

/** A whole number from `min` to `max`, written as digits. */
export function integerOption(min: number, max: number): (value: string) => number {
  return (value) => {
    const n = INTEGER.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}
