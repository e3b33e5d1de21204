import { defineConfig } from "vitest/config";
// By hand only: tests that are not part of npm test.
export default defineConfig({ test: { include: ["test/manual/**/*.test.ts"], fileParallelism: false, testTimeout: 300_000, hookTimeout: 300_000 } });
