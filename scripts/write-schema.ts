// Regenerates profiles/schema.json from the zod schema: npx tsx scripts/write-schema.ts
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { profileJsonSchemaText } from "../src/profile/json-schema.js";

const target = fileURLToPath(new URL("../profiles/schema.json", import.meta.url));
writeFileSync(target, profileJsonSchemaText());
console.log(`wrote ${target}`);
