// The JUnit report: well-formed XML, one testcase per check, failures exactly where the run went against the profile.
import { describe, expect, it } from "vitest";
import { CHECK_NAMES } from "../../src/timeline/check-names.js";
import { formatJunit } from "../../src/report/junit.js";
import { profileWith, REPRODUCING, runResult, sampleFacts, verdict, verdicts } from "../support/facts-builder.js";

/** A small well-formedness check: tags nest and close, attributes are quoted, every & starts a known entity. */
function assertWellFormed(xml: string): void {
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = xml.replace(/^<\?xml[^?]*\?>/, "");
  expect(body).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+);)/);
  expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>|<|>/g;
  let roots = 0;
  for (const m of body.matchAll(tag)) {
    if (m[2] === undefined) throw new Error(`stray ${m[0]} at ${m.index}: ${body.slice(Math.max(0, m.index! - 40), m.index! + 40)}`);
    if (m[1]) expect(stack.pop()).toBe(m[2]);
    else if (!m[4]) {
      if (stack.length === 0) roots++;
      stack.push(m[2]);
    } else if (stack.length === 0) roots++;
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}

const cases = (xml: string) => [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)" time="([^"]*)"(\/?)>/g)];
const failureOf = (xml: string, check: string) => xml.match(new RegExp(`name="${check}"[^>]*>\\s*<failure message="([^"]*)"`))?.[1];

describe("JUnit report", () => {
  it("has one passing testcase per check for a passing run", () => {
    const xml = formatJunit(runResult(sampleFacts(), verdicts([], ["activation"])));
    assertWellFormed(xml);
    expect(cases(xml).map((m) => m[2])).toEqual([...CHECK_NAMES]);
    expect(cases(xml).every((m) => m[1] === "rebound.t" && m[3] === "0")).toBe(true);
    expect(xml).toContain('<testsuite name="rebound.t" tests="8" failures="0" errors="0" skipped="1" time="40.000"');
    expect(xml).not.toContain("<failure");
    expect(xml).toContain('<skipped message="n/a: activation is n/a"/>');
  });

  it("fails the failing checks with their reason, and the evidence as text", () => {
    const xml = formatJunit(runResult(sampleFacts(), verdicts(["restart-policy", "resume"])));
    assertWellFormed(xml);
    expect(xml).toContain('failures="2"');
    expect(failureOf(xml, "restart-policy")).toBe("restart-policy is fail");
    expect(failureOf(xml, "resume")).toBe("resume is fail");
    expect(failureOf(xml, "recovery-time")).toBeUndefined();
    expect(xml).toContain("10.0 s  sm-0: evidence 1\n11.0 s  sm-1: evidence 2");
  });

  it("does not fail a run that reproduced the incident: the predicted failures pass, marked as predicted", () => {
    const result = runResult(sampleFacts(profileWith(...REPRODUCING)), verdicts(["restart-policy", "consensus-liveness"]));
    expect(result.outcome).toBe("reproduced");
    const xml = formatJunit(result);
    assertWellFormed(xml);
    expect(xml).toContain('failures="0"');
    expect(xml).toMatch(/name="consensus-liveness"[^>]*>\s*<system-out>failed as predicted: /);
    expect(xml).toContain('<property name="outcome" value="reproduced"/>');
  });

  it("fails a predicted check that passed, and an unpredicted failure, when the incident did not reproduce", () => {
    const result = runResult(sampleFacts(profileWith(...REPRODUCING)), verdicts(["restart-policy", "containment"]));
    expect(result.outcome).toBe("not-reproduced");
    const xml = formatJunit(result);
    assertWellFormed(xml);
    expect(xml).toContain('failures="2"');
    expect(failureOf(xml, "consensus-liveness")).toBe("predicted to fail, passed: consensus-liveness is pass");
    expect(failureOf(xml, "containment")).toBe("containment is fail");
    expect(failureOf(xml, "restart-policy")).toBeUndefined();
  });

  it("escapes what the run's data holds", () => {
    const nasty = `a <b> & "c" 'd' \u0001 ]]>`;
    const result = runResult(sampleFacts(), [verdict("resume", "fail", { reason: nasty, evidence: [{ subject: "<x>", detail: nasty }] })]);
    const xml = formatJunit(result);
    assertWellFormed(xml);
    expect(xml).toContain('message="a &lt;b&gt; &amp; &quot;c&quot; &apos;d&apos; \uFFFD ]]&gt;"');
  });

  it("reports an interrupted run as an error, so n/a checks do not make it look green", () => {
    const xml = formatJunit(runResult(sampleFacts(), verdicts([], ["resume"]), { outcome: "interrupted", exitCode: 130 }));
    assertWellFormed(xml);
    expect(xml).toContain('errors="1"');
    expect(xml).toMatch(/name="run" time="0">\s*<error message="INTERRUPTED: /);
  });
});
