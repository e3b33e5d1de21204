// Numeric options are digits in a range or commander's usage error, never NaN, Infinity or a negative number.
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { integerOption, secondsOption } from "../../src/cli/parse-number.js";

const BAD = ["-1", "NaN", "abc", "1e999", "", " 5", "5 ", "0x10", "Infinity", "1e3", "+5", "1,5", "0"];

describe("secondsOption", () => {
  const parse = secondsOption(3600);
  it.each(BAD.concat(["3601", "3600.5", "-0", "."]))("refuses %j", (value) => {
    expect(() => parse(value)).toThrow(InvalidArgumentError);
  });
  it("takes digits with an optional fraction, up to the maximum", () => {
    expect(["1", "120", "2.5", "0.1", "3600", "007"].map(parse)).toEqual([1, 120, 2.5, 0.1, 3600, 7]);
  });
});

describe("integerOption", () => {
  const parse = integerOption(0, 0xffffffff);
  it.each(BAD.filter((v) => v !== "0").concat(["1.5", "4294967296", "99999999999999999999"]))("refuses %j", (value) => {
    expect(() => parse(value)).toThrow(/expected a whole number from 0 to 4294967295/);
  });
  it("takes whole numbers from min to max", () => {
    expect(["0", "7", "4294967295"].map(parse)).toEqual([0, 7, 4294967295]);
  });
});
