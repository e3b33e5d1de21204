// Commander wiring for the experiment commands: run, recover, report.
import { Command, Option } from "commander";
import { recover } from "../commands/recover.js";
import { run } from "../commands/run.js";
import { inputError, kindOfExitCode, ReboundError } from "../errors.js";
import { createProgress } from "../output/progress.js";
import { printJson } from "../output/printers.js";
import { formatRecover, recoverFailed } from "../output/recover-console.js";
import { formatComparison } from "../report/compare.js";
import { formatRunConsole } from "../report/console.js";
import { writeReports } from "../report/write.js";
import type { RunResult } from "../run/result.js";
import { readRunResult } from "../run/read-result.js";
import type { ProgramContext } from "./context.js";
import { integerOption } from "./parse-number.js";

interface ReportFiles {
  json?: string;
  junit?: string;
  markdown?: string;
  html?: string;
}

const reportOptions = (command: Command) =>
  command
    .option("--json <file>", "write the full result (with the timeline) as JSON")
    .option("--junit <file>", "write JUnit XML, one testcase per check")
    .option("--markdown <file>", "write a Markdown summary (for a CI job summary)")
    .option("--html <file>", "write a self-contained HTML page with the timeline");

/**
 * The run's exit code travels as an error so main() sets it once, after every printer has run. It is the code
 * the run recorded (3 when its environment failed, 130 when interrupted), not one re-derived here.
 */
export function runFailure(result: RunResult): ReboundError {
  const message = `run ${result.runId}: ${result.outcome}${result.error ? `: ${result.error}` : ""}`;
  return new ReboundError(kindOfExitCode(result.exitCode), message, { exitCode: result.exitCode });
}

export function runCommand(context: ProgramContext): Command {
  return reportOptions(
    new Command("run")
      .description("run an experiment: up, steady state, faults, observation, checks, report, down")
      .argument("<profiles...>", "profile file(s) (YAML); several run one after another and are compared")
      .option("--reuse", "use the experiment as it is up now instead of requiring a fresh one")
      .option("--keep", "leave the experiment up afterwards")
      .option("--allow-daemon-faults", "allow daemon faults (restart, crash, upgrade) on existing engines the profile names: they stop or kill that dockerd and every container on it")
      // The seed generator keeps 32 bits (seed >>> 0): a larger one would pick the same targets as another.
      .addOption(new Option("--seed <n>", "seed for target selection, 0 to 4294967295 (the report records it)").argParser(integerOption(0, 0xffffffff))),
  ).action(async (profiles: string[], options: ReportFiles & { reuse?: boolean; keep?: boolean; seed?: number; allowDaemonFaults?: boolean }) => {
    if (profiles.length > 1 && (options.json || options.junit || options.markdown || options.html)) {
      throw inputError("report files take one profile: run several profiles without --json/--junit/--markdown/--html, or one at a time");
    }
    const results: RunResult[] = [];
    for (const profile of profiles) {
      const progress = createProgress();
      const result = await run(profile, { reuse: Boolean(options.reuse), keep: Boolean(options.keep), seed: options.seed, allowDaemonFaults: Boolean(options.allowDaemonFaults), progress, signal: context.signal });
      progress.stop();
      await writeReports(result, options);
      process.stdout.write(formatRunConsole(result) + "\n\n");
      results.push(result);
      if (result.outcome === "interrupted") break;
    }
    if (results.length > 1) process.stdout.write(formatComparison(results) + "\n");
    const worst = results.find((r) => r.exitCode !== 0);
    if (worst) throw runFailure(worst);
  });
}

export function recoverCommand(): Command {
  return new Command("recover")
    .description("finish the undo of a run that was cut off (SIGKILL, power loss), from its journal")
    .argument("[journal]", "the run's journal.jsonl; every unfinished run when omitted")
    .option("--json", "print the result as JSON")
    .action(async (journal: string | undefined, options: { json?: boolean }) => {
      const progress = createProgress({ quiet: options.json });
      const results = await recover(journal, (line) => progress.info(line));
      if (options.json) printJson(results);
      else process.stdout.write(formatRecover(results));
      if (recoverFailed(results)) throw new ReboundError("failed", "some undo actions failed");
    });
}

export function reportCommand(): Command {
  return reportOptions(
    new Command("report")
      .description("render a finished run's report again, from its journal")
      .argument("<journal>", "the run's journal.jsonl (its run.json sits next to it)"),
  ).action(async (journal: string, options: ReportFiles) => {
    const result = await readRunResult(journal);
    await writeReports(result, options);
    process.stdout.write(formatRunConsole(result) + "\n");
  });
}
