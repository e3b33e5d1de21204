// Dependency rules for rebound's layers (issue 8), checked by `npm run lint:deps` (part of `npm test`).
//
// Every path pattern is anchored on `^src/`: `depcruise src` from the repo root yields paths like
// src/checks/facts.ts, and test/unit/dependency-rules.test.ts cruises its fixtures with baseDir set to
// the fixture directory, so their paths start with src/ too and these exact rules apply unchanged.
// Packages resolve to .../node_modules/<name>/..., possibly above baseDir (../../node_modules/...),
// hence the unanchored `(^|/)node_modules/` patterns.
//
// tsPreCompilationDeps: true makes type-only imports (`import type`, `type X` specifiers) count as
// dependencies in every rule below, cycles included: a type import still couples the layers.

/** Node built-ins and packages that do I/O; a core module resolves to its own name, with or without `node:`. */
const IO_MODULES = [
  "^(node:)?(fs|fs/promises|child_process|net|http|https)$",
  "(^|/)node_modules/(@types/)?(dockerode|docker-modem|execa)/",
];

/** rebound's own modules that do I/O (talk to Docker, spawn processes, touch the disk or the network). */
const IO_LAYERS = [
  "^src/docker/",
  "^src/daemon/",
  "^src/util/subprocess\\.ts$",
  "^src/fleet/",
  "^src/observe/observer\\.ts$",
  "^src/observe/standin-client\\.ts$",
  "^src/journal/journal\\.ts$",
  "^src/run/",
  // The matrix's measuring side; its grid, selection and deviation wording are pure.
  "^src/matrix/(?!(grid|selection|deviation|profile)\\.ts$)",
  "^src/experiment/",
];

/** Pure decision code: judges facts or workload descriptions it is handed, never gathers them itself. */
const PURE = ["^src/checks/", "^src/audit/(rules-[^/]+|catalog|finding|fixes)\\.ts$"];

/**
 * The folders from the top (the entry point) down, as the README's layout lists them: a folder may import only
 * folders after it. The one exception is the fault catalogue, pure data that the profile schema and rules and the
 * checks read while the injectors next to it read the profile's types.
 */
const LAYERS = [
  "cli", "commands", "report", "output", "run", "matrix", "observe", "faults", "fleet", "journal", "experiment", "audit",
  "checks", "topology", "image", "profile", "timeline", "docker", "daemon", "standins", "util",
];
const UPWARD_EXCEPTIONS = ["^src/faults/catalog\\.ts$"];

const layerRules = LAYERS.slice(1).map((folder, index) => ({
  name: "layers-point-down",
  severity: "error",
  comment:
    `src/${folder}/ sits below ${LAYERS.slice(0, index + 1).join(", ")} in the layout (README, "Layout"): ` +
    "a lower layer never imports a higher one. Move the shared piece down, or hand it in through an interface.",
  from: { path: `^src/${folder}/` },
  to: { path: `^src/(${LAYERS.slice(0, index + 1).join("|")})/`, pathNot: UPWARD_EXCEPTIONS },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "no-circular",
      severity: "error",
      comment:
        "Import cycles (type-only imports included) tangle the layers, make module initialisation order fragile " +
        "and make a module impossible to understand or test on its own. Break the cycle by moving the shared " +
        "piece (often a type) into a module both sides import.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-import-of-commands",
      severity: "error",
      comment:
        "src/commands/* are thin adapters from the CLI onto the layers below; only src/cli/ wires them up. " +
        "Nothing else (another command included) may import one: move the shared logic into the layer below.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/commands/" },
    },
    {
      name: "cli-is-entry-only",
      severity: "error",
      comment:
        "src/cli/ is the entry point (bin/rebound loads dist/cli/main.js); it depends on everything and nothing " +
        "outside it may depend on it. Move what is needed elsewhere out of src/cli/.",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "pure-checks-and-audit-rules",
      severity: "error",
      comment:
        "Checks (src/checks/) and audit rules (src/audit/rules-*.ts, catalog.ts, finding.ts, fixes.ts) are pure " +
        "functions of the facts they are given, so they stay fast, deterministic and unit-testable. They must not " +
        "reach, directly or through any chain of imports (type-only ones included), a module that does I/O: the " +
        "fs/child_process/net/http built-ins, dockerode, docker-modem, execa, or rebound's I/O layers " +
        "(docker, daemon, util/subprocess, fleet, observe/observer, observe/standin-client, journal/journal, run, experiment).",
      from: { path: PURE },
      to: { reachable: true, path: [...IO_MODULES, ...IO_LAYERS] },
    },
    {
      name: "dockerode-only-in-docker",
      severity: "error",
      comment:
        "Only the src/docker/ adapter may talk to the Docker API client (dockerode, docker-modem, their types); " +
        "everything else goes through its Engine interface so it can be faked and the client swapped.",
      from: { path: "^src/", pathNot: "^src/docker/" },
      to: { path: "(^|/)node_modules/(@types/)?(dockerode|docker-modem)/" },
    },
    {
      name: "standins-self-contained",
      severity: "error",
      comment:
        "src/standins/ is copied into the stand-in containers, which have no node_modules and none of rebound's " +
        "other code: it may import only other files under src/standins/ and Node built-ins.",
      from: { path: "^src/standins/" },
      to: { pathNot: "^src/standins/", dependencyTypesNot: ["core"] },
    },
    {
      name: "no-unresolvable",
      severity: "error",
      comment:
        "Every import must resolve to a file or package: a dependency the cruiser cannot follow is a blind spot " +
        "for all the rules above (and for the fixtures in test/unit/dependency-rules.test.ts).",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
