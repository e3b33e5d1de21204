// What `rebound matrix` measured, kept per engine version under $REBOUND_HOME/matrix/, so restart-policy can cite
// what this engine really does instead of assuming it.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { MATRIX_FAULTS, type MatrixResult } from "../checks/engine-behaviour.js";
import type { RuleId } from "../checks/restart-model.js";
import { RULES } from "../checks/restart-model.js";
import { reboundHome } from "../daemon/paths.js";
import { readJsonFile } from "../util/parse-json.js";

const RULE_IDS = Object.keys(RULES) as [RuleId, ...RuleId[]];

const cellSchema = z.object({
  policy: z.string(),
  sigterm: z.enum(["exits", "ignores"]),
  fault: z.enum(MATRIX_FAULTS),
  liveRestore: z.boolean(),
  observed: z.object({
    running: z.boolean(),
    exitCode: z.number().int().optional(),
    restartCount: z.number().int().min(0),
    starts: z.number().int().min(0),
  }),
  // JSON has no undefined: "the rules cannot say" is an absent key, made explicit again on reading.
  documented: z
    .object({ running: z.boolean().optional(), rules: z.array(z.enum(RULE_IDS)) })
    .transform((d) => ({ running: d.running, rules: d.rules })),
  agrees: z.boolean(),
});

export const matrixResultSchema = z.object({
  engine: z.object({ version: z.string().min(1), apiVersion: z.string() }),
  measuredAt: z.string(),
  durationMs: z.number().min(0),
  cells: z.array(cellSchema),
}) satisfies z.ZodType<MatrixResult>;

export const matrixDir = () => join(reboundHome(), "matrix");

/** Engine versions become file names: keep them to one path segment. */
export const matrixPath = (engineVersion: string) => join(matrixDir(), `${engineVersion.replace(/[^A-Za-z0-9.+_-]/g, "_")}.json`);

const HINT = "measure the engine again with: rebound matrix (it replaces the file)";

/** undefined when this engine version was never measured; a file that is there must be a valid result. */
export function readMatrix(engineVersion: string): Promise<MatrixResult | undefined> {
  return readJsonFile(matrixPath(engineVersion), matrixResultSchema, { article: "a", noun: "matrix result" }, HINT);
}

/** Written whole or not at all: a reader never sees half a result. Returns where it went. */
export async function writeMatrix(result: MatrixResult): Promise<string> {
  const path = matrixPath(result.engine.version);
  await mkdir(matrixDir(), { recursive: true });
  await writeFile(`${path}.tmp`, JSON.stringify(result, null, 2) + "\n");
  await rename(`${path}.tmp`, path);
  return path;
}
