// writeReports: each requested file written in its format, directories created, nothing written unasked.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeReports } from "../../src/report/write.js";
import { runResult, sampleFacts, verdicts } from "../support/facts-builder.js";

let dir = "";
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("writeReports", () => {
  it("writes every requested format, creating parent directories", async () => {
    dir = await mkdtemp(join(tmpdir(), "rebound-report-"));
    const result = runResult(sampleFacts(), verdicts(["resume"]));
    const files = { json: join(dir, "a/b/run.json"), junit: join(dir, "junit/report.xml"), markdown: join(dir, "summary.md"), html: join(dir, "html/deep/run.html") };
    const written = await writeReports(result, files);
    expect(written).toEqual([files.json, files.junit, files.markdown, files.html]);
    expect(JSON.parse(await readFile(files.json, "utf8"))).toEqual(result);
    expect(await readFile(files.junit, "utf8")).toMatch(/^<\?xml/);
    expect(await readFile(files.markdown, "utf8")).toMatch(/^## rebound: t/);
    expect(await readFile(files.html, "utf8")).toMatch(/^<!doctype html>/);
  });

  it("writes only what was asked for", async () => {
    dir = await mkdtemp(join(tmpdir(), "rebound-report-"));
    const written = await writeReports(runResult(sampleFacts(), verdicts()), { markdown: join(dir, "only.md") });
    expect(written).toEqual([join(dir, "only.md")]);
    expect(await readdir(dir)).toEqual(["only.md"]);
  });
});
