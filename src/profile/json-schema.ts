// The profile schema as JSON Schema, for editors that complete and check profiles/*.yaml as you type.
import { z } from "zod";
import { profileSchema } from "./schema.js";

/** Input side: defaulted keys are optional, which is what an author may leave out. */
export function profileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(profileSchema, { io: "input" }) as Record<string, unknown>;
}

/** The exact text of profiles/schema.json, shared by the writer script and the test that guards it. */
export function profileJsonSchemaText(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}
