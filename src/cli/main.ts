// Entry point: run the program, catch every error once, print it in one line, exit with the documented code.
import { CommanderError } from "commander";
import { closeSshSessions } from "../docker/ssh/session.js";
import { EXIT, ReboundError } from "../errors.js";
import { paint } from "../output/style.js";
import { listenForInterrupts } from "../util/interrupt.js";
import { buildProgram } from "./program.js";

export async function main(argv: string[]): Promise<number> {
  const signal = listenForInterrupts((name) => process.stderr.write(`\n${name}: stopping, rolling back what this command started\n`));
  const program = buildProgram({ signal });
  try {
    await program.parseAsync(argv, { from: "user" });
    return signal.aborted ? EXIT.interrupted : EXIT.ok;
  } catch (error) {
    return report(error, signal);
  } finally {
    // The command is done with every host: its ssh connections end here, whatever a leaked channel would hold.
    closeSshSessions();
  }
}

function report(error: unknown, signal: AbortSignal): number {
  if (error instanceof CommanderError) {
    // Help and version are not failures; commander has already printed its own message.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof ReboundError) {
    process.stderr.write(`${paint.red("error:")} ${error.message}\n`);
    if (error.suggestion) process.stderr.write(`  ${paint.dim("hint:")} ${error.suggestion}\n`);
    return signal.aborted ? EXIT.interrupted : error.exitCode;
  }
  if (signal.aborted) return EXIT.interrupted;
  const socket = unreachableSocket(error);
  if (socket) {
    // src/docker names its endpoint in an environment error; this catches a connect that escaped it.
    process.stderr.write(`${paint.red("error:")} cannot connect to ${socket}: ${(error as Error).message}\n`);
    return EXIT.environment;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${paint.red("error:")} ${message.split("\n")[0]}\n`);
  if (process.env.REBOUND_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT.failed;
}

/** The address of a failed connect (net's errno errors carry it); a plain file's ENOENT has none. */
function unreachableSocket(error: unknown): string | undefined {
  const { code, syscall, address } = (error ?? {}) as NodeJS.ErrnoException & { address?: string };
  if (syscall !== "connect" || address === undefined) return undefined;
  return code === "ECONNREFUSED" || code === "ENOENT" || code === "EACCES" ? address : undefined;
}
