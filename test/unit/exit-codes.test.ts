// Exit codes as the README's table promises them, driven through main(): bad files 2, environment 3, Ctrl-C 130.
import { connect } from "node:net";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { runFailure } from "../../src/cli/run-commands.js";
import { run } from "../../src/commands/run.js";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";
import { environmentError, inputError, ReboundError } from "../../src/errors.js";
import { exitCodeOf } from "../../src/run/build-result.js";
import type { RunResult } from "../../src/run/result.js";
import { runResult, sampleFacts, verdicts } from "../support/facts-builder.js";

// `run` needs Docker and root; these tests only need what it returns (or throws) to reach main().
vi.mock("../../src/commands/run.js", () => ({ run: vi.fn() }));

let home = "";
let stderr = "";
let signalListeners: Function[] = [];
beforeEach(async () => {
  signalListeners = [...process.listeners("SIGINT"), ...process.listeners("SIGTERM")];
  home = await mkdtemp(join(tmpdir(), "rebound-exit-"));
  vi.stubEnv("REBOUND_HOME", home);
  vi.stubEnv("NO_COLOR", "1");
  vi.stubEnv("CI", "true");
  stderr = "";
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
});
afterEach(async () => {
  // main() listens for Ctrl-C for the life of the process; a test process runs it many times.
  for (const name of ["SIGINT", "SIGTERM"] as const) {
    for (const listener of process.listeners(name)) if (!signalListeners.includes(listener)) process.off(name, listener);
  }
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  await rm(home, { recursive: true, force: true });
});

const result = (over: Partial<RunResult> = {}) => runResult(sampleFacts(), verdicts(), over);

/** A run directory whose run.json holds `text`; returns the journal path `rebound report` takes. */
async function runDir(text: string): Promise<{ journal: string; runJson: string }> {
  const dir = join(home, "runs", "r1");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "run.json"), text);
  return { journal: join(dir, "journal.jsonl"), runJson: join(dir, "run.json") };
}

describe("rebound report", () => {
  it("renders a valid run.json (exit 0) and writes the files asked for", async () => {
    const { journal } = await runDir(JSON.stringify(result()));
    const markdown = join(home, "out", "summary.md");
    expect(await main(["report", journal, "--markdown", markdown])).toBe(0);
    expect(await readFile(markdown, "utf8")).toMatch(/^## rebound/);
  });

  it("a run.json of {} is bad input, exit 2, one line naming the file", async () => {
    const { journal, runJson } = await runDir("{}");
    expect(await main(["report", journal])).toBe(2);
    expect(stderr).toContain(`error: ${runJson}: not a run result: runId: missing (and `);
  });

  it("a run.json of null is bad input too", async () => {
    const { journal, runJson } = await runDir("null");
    expect(await main(["report", journal])).toBe(2);
    expect(stderr).toContain(`error: ${runJson}: not a run result: expected object, received null`);
  });

  it("a --json file that cannot be written is exit 2 naming the path, not a Docker problem", async () => {
    const { journal } = await runDir(JSON.stringify(result()));
    expect(await main(["report", journal, "--json", "/proc/nope/x.json"])).toBe(2);
    expect(stderr).toContain("error: cannot write the --json report to /proc/nope/x.json: ENOENT");
    expect(stderr).not.toContain("Docker");
  });
});

describe("rebound run", () => {
  it("exits with the code the run recorded: 3 when its environment failed", async () => {
    vi.mocked(run).mockResolvedValueOnce(result({ outcome: "error", exitCode: 3, error: "Docker daemon at unix:///x does not answer" }));
    expect(await main(["run", "p.yaml"])).toBe(3);
    expect(stderr).toContain("error: run 20201001-0600-ab12: error: Docker daemon at unix:///x does not answer");
  });

  it("130 when the run was interrupted, 1 when its checks failed", async () => {
    vi.mocked(run).mockResolvedValueOnce(result({ outcome: "interrupted", exitCode: 130 }));
    expect(await main(["run", "p.yaml"])).toBe(130);
    vi.mocked(run).mockResolvedValueOnce(result({ outcome: "fail", exitCode: 1 }));
    expect(await main(["run", "p.yaml"])).toBe(1);
  });

  it("a plain file's ENOENT is exit 1 with its own message", async () => {
    const enoent = await readFile(join(home, "absent.txt")).catch((e: unknown) => e);
    vi.mocked(run).mockRejectedValueOnce(enoent);
    expect(await main(["run", "p.yaml"])).toBe(1);
    expect(stderr).toContain(`error: ENOENT: no such file or directory, open '${join(home, "absent.txt")}'`);
    expect(stderr).not.toContain("Docker");
  });

  it("a connect to a missing socket that escaped src/docker is still the environment, exit 3", async () => {
    const socket = join(home, "absent.sock");
    const refused = await new Promise((resolve) => connect(socket).on("error", resolve));
    vi.mocked(run).mockRejectedValueOnce(refused);
    expect(await main(["run", "p.yaml"])).toBe(3);
    expect(stderr).toContain(`error: cannot connect to ${socket}`);
  });
});

describe("rebound audit --junit FILE", () => {
  it("a file that cannot be written is exit 2 naming the path", async () => {
    const compose = join(home, "compose.yml");
    await writeFile(compose, "services:\n  web:\n    image: nginx\n    restart: unless-stopped\n");
    expect(await main(["audit", "--compose", compose, "--junit", "/proc/nope/junit.xml", "--fail-on", "never"])).toBe(2);
    expect(stderr).toContain("error: cannot write the --junit report to /proc/nope/junit.xml: /proc/nope: no such directory");
  });
});

describe("the exit code of a run", () => {
  it("runFailure keeps the recorded code and names the matching kind", () => {
    const cases: [number, ReboundError["kind"]][] = [[1, "failed"], [2, "input"], [3, "environment"], [130, "interrupted"]];
    for (const [code, kind] of cases) {
      const error = runFailure(result({ outcome: "error", exitCode: code }));
      expect([error.exitCode, error.kind]).toEqual([code, kind]);
    }
  });

  it("exitCodeOf: environment 3, input 2, anything else 1, interrupted 130, judged runs 0", () => {
    expect(exitCodeOf("error", environmentError("no engine"))).toBe(3);
    expect(exitCodeOf("error", inputError("bad target"))).toBe(2);
    expect(exitCodeOf("error", new Error("bug"))).toBe(1);
    expect(exitCodeOf("interrupted", undefined)).toBe(130);
    expect(exitCodeOf("reproduced", undefined)).toBe(0);
  });
});

describe("DockerodeEngine on an unreachable endpoint", () => {
  it("turns a failed connect into an environment error naming the endpoint", async () => {
    const endpoint = `unix://${join(home, "absent.sock")}`;
    const engine = new DockerodeEngine(endpoint);
    const calls: Promise<unknown>[] = [
      engine.listContainers({ profile: "x" }),
      engine.inspectContainer("c"),
      engine.version(),
      engine.streamEvents(() => {}, new AbortController().signal),
    ];
    for (const call of calls) {
      const error = await call.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ReboundError);
      expect((error as ReboundError).exitCode).toBe(3);
      expect((error as ReboundError).message).toContain(`Docker daemon at ${endpoint} cannot be reached`);
    }
  });
});
