// Test runner settings: unit tests are pure and fast; integration tests (real Docker) live in test/integration.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    environment: "node",
  },
});
