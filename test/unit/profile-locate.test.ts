// Path rendering and YAML node lookup, including the fall-back to the nearest ancestor that exists.
import { LineCounter, parseDocument } from "yaml";
import { describe, expect, it } from "vitest";
import { locate, renderPath, type Target } from "../../src/profile/locate.js";

const text = ["name: demo", "base: &b", "  units: 4", "smeshers:", "  - group: one", "    copy: *b", ""].join("\n");
const lc = new LineCounter();
const doc = parseDocument(text, { lineCounter: lc });
const where = (target: Target) => {
  const { line, column } = locate(doc, lc, target);
  return `${line}:${column}`;
};

describe("renderPath", () => {
  it("writes paths the way a reader would", () => {
    expect(renderPath(["smeshers", 1, "restart"])).toBe("smeshers[1].restart");
    expect(renderPath(["hosts", "a.b"])).toBe('hosts["a.b"]');
    expect(renderPath([])).toBe("");
  });
});

describe("locate", () => {
  it("finds values and keys", () => {
    expect(where({ path: ["smeshers", 0, "group"], at: "value" })).toBe("5:12");
    expect(where({ path: ["smeshers", 0, "group"], at: "key" })).toBe("5:5");
    expect(where({ path: ["smeshers", 0], at: "value" })).toBe("5:5");
  });

  it("follows aliases to the anchored node", () => {
    expect(where({ path: ["smeshers", 0, "copy", "units"], at: "value" })).toBe("3:10");
  });

  it("falls back to the deepest ancestor that exists", () => {
    expect(where({ path: ["smeshers", 0, "count"], at: "value" })).toBe("5:5");
    expect(where({ path: ["smeshers", 3, "count"], at: "value" })).toBe("5:3");
    expect(where({ path: ["network", "zdist"], at: "value" })).toBe("1:1");
  });
});
