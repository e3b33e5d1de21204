// The HTML report: self-contained, one lane per container, a band per fault, states and layers read off the timeline.
import { describe, expect, it } from "vitest";
import { formatHtml } from "../../src/report/html.js";
import { lanes, layerSeries } from "../../src/report/html-timeline.js";
import { facts, runResult, sampleFacts, snapshot, verdict, verdicts } from "../support/facts-builder.js";

const sample = () => runResult(sampleFacts(), verdicts(["restart-policy"]));
const count = (text: string, what: string) => text.split(what).length - 1;
/** A lane's spans as [from s, to s, state]. */
const spansOf = (result: ReturnType<typeof sample>, name: string) =>
  lanes(result).find((l) => l.member.name === name)!.spans.map((sp) => [sp.from / 1000, sp.to / 1000, sp.state]);

describe("HTML report", () => {
  it("draws one lane per container and one band per fault", () => {
    const result = sample();
    const html = formatHtml(result);
    expect(count(html, '<g class="lane" ')).toBe(4);
    for (const name of ["sm-0", "sm-1", "sm-2", "poet-0"]) expect(html).toContain(`data-container="${name}"`);
    expect(count(html, 'class="fault-band"')).toBe(2);
    expect(html).toContain('data-fault="f1"');
    expect(html).toContain(">f2 kill</text>");
  });

  it("needs nothing outside itself: no script, no link, no address to fetch", () => {
    const html = formatHtml(sample());
    expect(html.startsWith("<!doctype html>")).toBe(true);
    for (const external of ["http:", "https:", "<script", "<link", "src=", "@import", "url("]) expect(html).not.toContain(external);
  });

  it("has the run's header, the checks table and the layers chart", () => {
    const html = formatHtml(sample());
    expect(html).toContain('<h1>t <span class="badge bad">FAIL</span></h1>');
    expect(html).toContain("run 20201001-0600-ab12 · seed 42");
    expect(count(html, "<tr><td>")).toBe(8 + 2);
    expect(html).toContain('<td class="v-fail">fail</td>');
    expect(html).toMatch(/<path class="verified" d="M[^"]+"\/>/);
  });

  it("escapes every text it shows", () => {
    const result = runResult(sampleFacts(), [verdict("resume", "fail", { reason: "<img src=x onerror=alert(1)>" })], { description: `"quoted" & <b>` });
    result.faults[0]!.error = "</svg><script>alert(1)</script>";
    const html = formatHtml(result);
    expect(html).not.toContain("<img");
    expect(html).not.toContain("<script");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&quot;quoted&quot; &amp; &lt;b&gt;");
  });
});

describe("HTML lanes", () => {
  it("shows a container killed and restarted as down between its die and start", () => {
    expect(spansOf(sample(), "sm-2")).toEqual([
      [0, 0.5, "unknown"],
      [0.5, 30, "running"],
      [30, 31, "down"],
      [31, 40, "running"],
    ]);
  });

  it("puts a die the event stream missed back at the FinishedAt the reconcile read", () => {
    // sm-0 stopped answering at 10.5 s while its daemon was down; inspect later said it finished at 10.3 s.
    expect(spansOf(sample(), "sm-0")).toEqual([
      [0, 0.5, "unknown"],
      [0.5, 10.3, "running"],
      [10.3, 40, "down"],
    ]);
  });

  it("shows a running container that does not answer, or reports unhealthy, as unhealthy", () => {
    const built = facts().member("sm-0").start(1, "sm-0").status(2, "sm-0").unreachable(10, "sm-0").status(12, "sm-0")
      .docker(20, "sm-0", "health_status: unhealthy").docker(25, "sm-0", "health_status: healthy").docker(30, "sm-0", "pause").docker(32, "sm-0", "unpause").endAt(40).build();
    expect(spansOf(runResult(built, []), "sm-0")).toEqual([
      [0, 1, "unknown"],
      [1, 10, "running"],
      [10, 12, "unhealthy"],
      [12, 20, "running"],
      [20, 25, "unhealthy"],
      [25, 30, "running"],
      [30, 32, "paused"],
      [32, 40, "running"],
    ]);
  });

  it("takes a container that stops answering while its daemon is down for down, even before any reconcile", () => {
    const built = facts().member("sm-0").start(1, "sm-0").daemon(10, "a", "down").unreachable(10.4, "sm-0").daemon(15, "a", "up").status(16, "sm-0").endAt(20).build();
    expect(spansOf(runResult(built, []), "sm-0")).toEqual([
      [0, 1, "unknown"],
      [1, 10.4, "running"],
      [10.4, 15, "down"],
      [15, 16, "unhealthy"],
      [16, 20, "running"],
    ]);
  });
});

describe("HTML layers", () => {
  it("draws the clock's layer against the highest verified layer of the reachable smeshers, with a gap when none answers", () => {
    const built = facts()
      .status(1, "sm-0", { currentLayer: 1, verifiedLayer: 0 })
      .status(1, "sm-1", { currentLayer: 2, verifiedLayer: -1 })
      .status(2, "poet-0", snapshot({ role: "poet", currentLayer: 50, verifiedLayer: 50 }))
      .unreachable(3, "sm-1")
      .unreachable(4, "sm-0")
      .build();
    expect(layerSeries(runResult(built, []))).toEqual([
      { t: 1000, current: 1, verified: 0 },
      { t: 1000, current: 1, verified: 0 },
      { t: 2000, current: 2, verified: 0 },
      { t: 3000, current: 3, verified: 0 },
      { t: 4000, gap: true },
    ]);
  });
});
