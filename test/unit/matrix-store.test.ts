// The matrix store: a result is written whole and read back per engine version; missing is undefined, a damaged
// or mis-shaped file is an input error naming the file. The command's options: bad input is one clear error.
import { mkdtempSync, writeFileSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MatrixResult } from "../../src/checks/engine-behaviour.js";
import { ReboundError } from "../../src/errors.js";
import { cellOf } from "../../src/matrix/grid.js";
import { parseSelection } from "../../src/matrix/selection.js";
import { matrixPath, readMatrix, writeMatrix } from "../../src/matrix/store.js";

const home = mkdtempSync(join(tmpdir(), "rebound-matrix-store-"));
const previous = process.env.REBOUND_HOME;
beforeAll(() => void (process.env.REBOUND_HOME = home));
afterAll(async () => {
  process.env.REBOUND_HOME = previous;
  await rm(home, { recursive: true, force: true });
});

const result = (version: string): MatrixResult => ({
  engine: { version, apiVersion: "1.41" },
  measuredAt: "2026-12-02T12:00:00.000Z",
  durationMs: 1234,
  cells: [
    cellOf({ policy: "always", sigterm: "exits", fault: "host-kill", liveRestore: false }, { running: true, restartCount: 1, starts: 2 }),
    cellOf({ policy: "no", sigterm: "ignores", fault: "api-kill", liveRestore: true }, { running: false, exitCode: 137, restartCount: 0, starts: 1 }),
  ],
});

describe("matrix store", () => {
  it("reads back what it wrote, per engine version", async () => {
    const path = await writeMatrix(result("20.10.24+dfsg1"));
    expect(path).toBe(matrixPath("20.10.24+dfsg1"));
    expect(await readMatrix("20.10.24+dfsg1")).toEqual(result("20.10.24+dfsg1"));
  });

  it("says undefined for an engine version never measured", async () => {
    expect(await readMatrix("99.0.0")).toBeUndefined();
  });

  it("keeps a cell the rules cannot judge as undefined after the round trip through JSON", async () => {
    const r = result("1.0.0");
    r.cells[0] = { ...r.cells[0]!, documented: { running: undefined, rules: [] } };
    await writeMatrix(r);
    const back = await readMatrix("1.0.0");
    expect(back!.cells[0]!.documented).toEqual({ running: undefined, rules: [] });
  });

  it("rejects a damaged file or a wrong shape with the file's name and what is wrong", async () => {
    await mkdir(join(home, "matrix"), { recursive: true });
    writeFileSync(matrixPath("2.0.0"), "{ not json");
    await expect(readMatrix("2.0.0")).rejects.toThrow(/2\.0\.0\.json: not a matrix result: invalid JSON/);
    const bad = { ...result("3.0.0"), cells: [{ ...result("3.0.0").cells[0], fault: "meteor" }] };
    writeFileSync(matrixPath("3.0.0"), JSON.stringify(bad));
    await expect(readMatrix("3.0.0")).rejects.toThrow(/cells\[0\]\.fault/);
    const noVersion = { ...result("4.0.0"), engine: { apiVersion: "1.41" } };
    writeFileSync(matrixPath("4.0.0"), JSON.stringify(noVersion));
    await expect(readMatrix("4.0.0")).rejects.toThrow(/engine\.version: missing/);
  });

  it("keeps an engine version to one path segment", () => {
    expect(matrixPath("../../etc/x")).toMatch(/matrix\/\.\._\.\._etc_x\.json$/);
  });
});

describe("matrix options", () => {
  it("selects the whole grid by default and subsets in the grid's order", () => {
    expect(parseSelection({}).liveRestore).toEqual([false, true]);
    const some = parseSelection({ liveRestore: "on", policy: "on-failure:2,no", fault: "repeated-kills,host-kill" });
    expect(some).toEqual({ policies: ["no", "on-failure:2"], faults: ["host-kill", "repeated-kills"], liveRestore: [true] });
  });

  it("rejects bad values as input errors (exit 2) naming the option", () => {
    const attempt = (options: Parameters<typeof parseSelection>[0]) => {
      try {
        parseSelection(options);
      } catch (error) {
        return error as ReboundError;
      }
      throw new Error("expected an error");
    };
    expect(attempt({ liveRestore: "maybe" }).message).toContain("--live-restore");
    expect(attempt({ policy: "sometimes" }).message).toContain('--policy: "sometimes"');
    expect(attempt({ fault: "meteor" }).message).toContain('--fault: "meteor"');
    expect(attempt({ fault: "" }).exitCode).toBe(2);
  });
});
