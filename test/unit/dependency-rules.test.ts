// The dependency rules in .dependency-cruiser.cjs (run by `npm run lint:deps`, part of `npm test`) must catch what
// they are written for. Each fixture tree under test/fixtures/depcruise/<case>/src breaks one rule on purpose (the
// clean one breaks none); it is cruised with the very options and rule set the CLI loads from the config file, with
// baseDir set to the fixture so its paths start with src/ just as in the real tree. The fixtures are outside
// tsconfig's `include` and are not *.test.ts files, so neither tsc nor vitest picks them up.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cruise, type ICruiseOptions, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const CONFIG = path.join(ROOT, ".dependency-cruiser.cjs");
const FIXTURES = path.join(ROOT, "test/fixtures/depcruise");

let options: ICruiseOptions;
let tsConfigFile: string;
let tsConfig: ReturnType<typeof extractTSConfig>;

beforeAll(async () => {
  options = await extractDepcruiseOptions(CONFIG);
  // What `depcruise src --config .dependency-cruiser.cjs` does from the repo root, made independent of the cwd.
  tsConfigFile = path.resolve(ROOT, options.tsConfig?.fileName ?? "tsconfig.json");
  tsConfig = extractTSConfig(tsConfigFile);
});

/** A violation as `rule: from -> to`, packages shown from their node_modules folder wherever they were found. */
type Violation = string;

async function violationsIn(baseDir: string): Promise<{ violations: Violation[]; result: ICruiseResult }> {
  const { output } = await cruise(["src"], { ...options, baseDir, tsConfig: { fileName: tsConfigFile } }, {}, { tsConfig });
  if (typeof output === "string") throw new Error("dependency-cruiser returned a report, not a cruise result");
  const shown = (module: string) => module.replace(/^(\.\.\/)+(?=node_modules\/)/, "");
  const violations = output.summary.violations.map((v) => `${v.rule.name}: ${shown(v.from)} -> ${shown(v.to)}`).sort();
  return { violations, result: output };
}

const fixture = (name: string) => path.join(FIXTURES, name);

/** Each fixture with every violation it must produce, and nothing else. */
const CASES: { name: string; why: string; expected: Violation[] }[] = [
  {
    name: "cycle",
    why: "a.ts and b.ts import each other",
    expected: ["no-circular: src/a.ts -> src/b.ts"],
  },
  {
    name: "cycle-type-only",
    why: "a.ts and b.ts import each other's types only (`import type`)",
    expected: ["no-circular: src/a.ts -> src/b.ts"],
  },
  {
    name: "checks-fs",
    why: "a check imports node:fs",
    expected: ["pure-checks-and-audit-rules: src/checks/x.ts -> fs"],
  },
  {
    name: "checks-transitive",
    why: "a check imports src/run/z.ts, which imports node:fs",
    expected: [
      "layers-point-down: src/checks/y.ts -> src/run/z.ts",
      "pure-checks-and-audit-rules: src/checks/y.ts -> fs",
      "pure-checks-and-audit-rules: src/checks/y.ts -> src/run/z.ts",
    ],
  },
  {
    name: "audit-type-only",
    why: "an audit rule reaches node:child_process through two `import type`s",
    expected: ["pure-checks-and-audit-rules: src/audit/rules-daemon.ts -> child_process"],
  },
  {
    name: "faults-import-command",
    why: "src/faults/x.ts imports src/commands/y.ts",
    expected: ["layers-point-down: src/faults/x.ts -> src/commands/y.ts", "no-import-of-commands: src/faults/x.ts -> src/commands/y.ts"],
  },
  {
    name: "command-imports-command",
    why: "one command imports another",
    expected: ["no-import-of-commands: src/commands/up.ts -> src/commands/down.ts"],
  },
  {
    name: "import-cli",
    why: "src/output/x.ts imports src/cli/context.ts",
    expected: ["cli-is-entry-only: src/output/x.ts -> src/cli/context.ts", "layers-point-down: src/output/x.ts -> src/cli/context.ts"],
  },
  {
    name: "report-dockerode",
    why: "src/report/x.ts imports dockerode",
    expected: ["dockerode-only-in-docker: src/report/x.ts -> node_modules/dockerode/lib/docker.js"],
  },
  {
    name: "standins-outside",
    why: "a stand-in imports ../profile/y.ts",
    expected: ["layers-point-down: src/standins/x.ts -> src/profile/y.ts", "standins-self-contained: src/standins/x.ts -> src/profile/y.ts"],
  },
  {
    name: "standins-package",
    why: "a stand-in imports the yaml package",
    expected: ["standins-self-contained: src/standins/x.ts -> node_modules/yaml/dist/index.d.ts"],
  },
  {
    name: "layer-upward",
    why: "a lower layer (src/profile) imports a higher one (src/run), while the fault catalogue may be read from below",
    expected: ["layers-point-down: src/profile/x.ts -> src/run/y.ts"],
  },
  {
    name: "unresolvable",
    why: "an import names a file that does not exist",
    expected: ["no-unresolvable: src/a.ts -> ./missing.js"],
  },
];

describe("dependency rules (.dependency-cruiser.cjs)", () => {
  it("count type-only imports as dependencies", () => {
    expect(options.tsPreCompilationDeps).toBe(true);
    expect(options.validate).toBe(true);
  });

  it("are all exercised by a fixture, every one an error", () => {
    const rules = options.ruleSet?.forbidden ?? [];
    expect(rules.map((rule) => rule.severity)).toEqual(rules.map(() => "error"));
    const proved = new Set(CASES.flatMap((c) => c.expected.map((v) => v.split(":")[0])));
    expect([...new Set(rules.map((rule) => rule.name))].sort()).toEqual([...proved].sort());
  });

  it("pass a clean tree that uses every allowed kind of edge", async () => {
    const { violations, result } = await violationsIn(fixture("clean"));
    expect(violations).toEqual([]);
    // Guard against a vacuous pass: the fixture's imports (written NodeNext-style, ./x.js for x.ts) all resolved.
    expect(result.summary.totalCruised).toBe(15);
    expect(result.modules.map((m) => m.source)).toContain("src/checks/verdict.ts");
  });

  for (const { name, why, expected } of CASES) {
    it(`fail when ${why} (${name})`, async () => {
      const { violations } = await violationsIn(fixture(name));
      expect(violations).toEqual(expected);
    });
  }

  it("hold for the real src/", { timeout: 60_000 }, async () => {
    const { violations, result } = await violationsIn(ROOT);
    expect(result.summary.totalCruised).toBeGreaterThan(150);
    expect(violations).toEqual([]);
  });
});
