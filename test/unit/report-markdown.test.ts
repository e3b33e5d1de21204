// The Markdown report for a CI job summary: outcome line, checks table, faults, failing evidence, escaped.
import { describe, expect, it } from "vitest";
import { formatMarkdown } from "../../src/report/markdown.js";
import { profileWith, REPRODUCING, runResult, sampleFacts, verdict, verdicts } from "../support/facts-builder.js";

describe("Markdown report", () => {
  it("leads with the outcome and tables every check", () => {
    const md = formatMarkdown(runResult(sampleFacts(profileWith(...REPRODUCING)), verdicts(["restart-policy", "consensus-liveness"])));
    expect(md.split("\n")[0]).toBe("## rebound: t ✅ REPRODUCED");
    expect(md).toContain("**REPRODUCED**: the incident happened as predicted.");
    expect(md.split("\n").filter((l) => l.startsWith("| "))).toHaveLength(9);
    expect(md).toContain("| consensus-liveness | ☑️ fail (predicted) | consensus-liveness value | consensus-liveness is fail |");
  });

  it("lists the faults and opens the evidence of the checks that count against the run", () => {
    const md = formatMarkdown(runResult(sampleFacts(), verdicts(["resume"])));
    expect(md).toContain("## rebound: t ❌ FAIL");
    expect(md).toContain("- **unattended-upgrade** (f1) 10.0 s - 16.0 s, hit host a: sm-0, sm-1, poet-0");
    expect(md).toContain("<details open><summary>❌ resume: resume is fail</summary>");
    expect(md).toContain("- 14.0 s  sm-4: evidence 5");
  });

  it("keeps table cells in their cells and HTML out of the summary", () => {
    const md = formatMarkdown(runResult(sampleFacts(), [verdict("resume", "fail", { reason: "it's a | b\n<script>x</script> *bold*" })]));
    const row = md.split("\n").find((l) => l.startsWith("| resume"))!;
    expect(row).toBe("| resume | ❌ fail | resume value | it's a \\| b &lt;script&gt;x&lt;/script&gt; \\*bold\\* |");
    expect(md).not.toContain("<script>");
  });
});
