// The commander program: flags and arguments only; each action calls a command and hands its result to a printer.
import { Command, Option } from "commander";
import { auditCommand } from "./audit-command.js";
import { down } from "../commands/down.js";
import { engineDown, engineInstall, engineStatus } from "../commands/engine.js";
import { matrix } from "../commands/matrix.js";
import { resolveProfileName } from "../profile/profile-arg.js";
import type { ProgramContext } from "./context.js";
import { secondsOption } from "./parse-number.js";
import { recoverCommand, reportCommand, runCommand } from "./run-commands.js";
import { status } from "../commands/status.js";
import { up } from "../commands/up.js";
import { createProgress } from "../output/progress.js";
import { formatMatrix } from "../output/matrix-console.js";
import { formatDown, formatEngineStatus, formatStatus, formatUp, printJson } from "../output/printers.js";


const say = (text: string) => process.stdout.write(text + "\n");

export function buildProgram(context: ProgramContext): Command {
  const program = new Command("rebound")
    .description("Prove on real Docker that a fleet of long-running daemons survives restarts")
    .version("0.1.0")
    .showHelpAfterError("(rebound --help lists the commands and options)")
    // Before any subcommand exists, so every subcommand inherits it: usage errors reach main() as exit 2.
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command("up")
    .description("start the profile's sandbox daemons and stand-ins, and wait until every stand-in is healthy")
    .argument("<profile>", "profile file (YAML)")
    .option("--json", "print the result as JSON")
    .addOption(new Option("--timeout <seconds>", "how long to wait for health (at most 3600)").default(120).argParser(secondsOption(3600)))
    .action(async (profile: string, options: { json?: boolean; timeout: number }) => {
      const progress = createProgress({ quiet: false });
      const result = await up(profile, { progress, signal: context.signal, timeoutMs: options.timeout * 1000 });
      if (options.json) printJson(result);
      else say(formatUp(result));
    });

  program
    .command("status")
    .description("show every container of an experiment (or of all) with its stand-in's own view")
    .argument("[profile]", "profile file or name; all experiments when omitted")
    .option("--json", "print the status as JSON")
    .action(async (profile: string | undefined, options: { json?: boolean }) => {
      const result = await status(profile);
      if (options.json) printJson(result);
      else say(formatStatus(result));
    });

  program
    .command("down")
    .description("remove what `up` created, found by its labels; idempotent")
    .argument("[profile]", "profile file or name; all experiments when omitted")
    .option("--volumes", "also remove the stand-ins' volumes (their identities and progress)")
    .option("--json", "print the result as JSON")
    .action(async (profile: string | undefined, options: { volumes?: boolean; json?: boolean }) => {
      const progress = createProgress({ quiet: options.json });
      const result = await down(profile, { volumes: Boolean(options.volumes), log: (line) => progress.info(line) });
      if (options.json) printJson(result);
      else say(formatDown(result));
    });

  program
    .command("matrix")
    .description("measure what this machine's Docker engine does on restarts: policy x SIGTERM x fault x live-restore")
    .option("--json", "print the result as JSON on stdout (progress stays on stderr)")
    .option("--live-restore <which>", "off, on or both", "both")
    .option("--policy <list>", "only these restart policies, comma-separated (default: no, always, unless-stopped, on-failure, on-failure:2)")
    .option("--fault <list>", "only these faults, comma-separated (default: all eight)")
    .action(async (options: { json?: boolean; liveRestore: string; policy?: string; fault?: string }) => {
      const progress = createProgress();
      const run = await matrix({ ...options, progress, signal: context.signal }).finally(() => progress.stop());
      progress.succeed(`matrix measured: ${run.result.cells.length} cells`);
      if (options.json) printJson({ ...run.result, stored: run.stored, elapsedMs: run.elapsedMs });
      else say(formatMatrix(run.result, run));
    });

  // Commands built on their own inherit the program's settings here (exit override: usage errors exit 2).
  for (const command of [runCommand(context), recoverCommand(), reportCommand(), auditCommand()]) {
    program.addCommand(command.copyInheritedSettings(program));
  }

  const engine = program.command("engine").description("the sandbox Docker daemons rebound runs on this machine");
  engine
    .command("status")
    .description("list sandbox daemons and whether they run")
    .option("--json", "print as JSON")
    .action(async (options: { json?: boolean }) => {
      const rows = await engineStatus();
      if (options.json) printJson(rows);
      else say(formatEngineStatus(rows));
    });
  engine
    .command("down")
    .description("stop sandbox daemons (their data stays); touches no other Docker daemon")
    .argument("[profile]", "only this profile's sandbox daemons (file or name)")
    .action(async (profile: string | undefined) => {
      const progress = createProgress();
      const name = profile === undefined ? undefined : await resolveProfileName(profile);
      const result = await engineDown(name, (line) => progress.info(line));
      say(result.stopped.length > 0 ? `stopped ${result.stopped.join(", ")}` : "no sandbox daemon was running");
    });

  engine
    .command("install")
    .description("make sure a Docker engine is installed (root on Debian/Ubuntu: apt-get install docker.io)")
    .action(async () => {
      const progress = createProgress();
      const result = await engineInstall((line) => progress.info(line));
      say(`dockerd: ${result.dockerd}`);
    });

  return program;
}
