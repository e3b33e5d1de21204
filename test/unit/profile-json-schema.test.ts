// Guards profiles/schema.json: it must be what the zod schema generates today.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { profileJsonSchema, profileJsonSchemaText } from "../../src/profile/json-schema.js";

const committed = readFileSync(new URL("../../profiles/schema.json", import.meta.url), "utf8");

describe("profiles/schema.json", () => {
  it("matches the zod schema", () => {
    expect(committed, "profiles/schema.json is stale: run `npx tsx scripts/write-schema.ts`").toBe(profileJsonSchemaText());
  });

  it("describes the input side: defaulted keys are optional", () => {
    const schema = profileJsonSchema() as { required?: string[]; additionalProperties?: unknown };
    expect(schema.required).toEqual(["name", "hosts", "smeshers"]);
    expect(schema.additionalProperties).toBe(false);
  });
});
