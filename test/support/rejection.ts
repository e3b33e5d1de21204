// Test support: the ReboundError a promise rejects with, so its kind, exit code and text can be checked.
import { expect } from "vitest";
import { ReboundError } from "../../src/errors.js";

export async function rejection(promise: Promise<unknown>): Promise<ReboundError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ReboundError);
  return error as ReboundError;
}
