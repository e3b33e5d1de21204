// Test runner settings: unit tests are pure and fast and run in parallel; integration tests drive real Docker
// daemons (sandbox dockerd, bridges, iptables) and run one file at a time with generous timeouts.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    projects: [
      { test: { name: "unit", include: ["test/unit/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          fileParallelism: false,
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
