// The one place rebound runs other programs (ip, apt-get, dockerd helpers): a timeout, a fixed environment,
// and failures sorted into kinds so callers can tell "not installed" from "failed" from "too slow".
import { execa, type ExecaError } from "execa";

export type SubprocessFailure = "not-found" | "timeout" | "exit" | "signal";

export class SubprocessError extends Error {
  constructor(
    readonly kind: SubprocessFailure,
    readonly command: string,
    message: string,
    readonly stderr = "",
  ) {
    super(message);
    this.name = "SubprocessError";
  }
}

export interface RunOptions {
  timeoutMs?: number;
  input?: string;
  env?: Record<string, string>;
}

/** Runs a command to completion and returns its stdout; throws SubprocessError with a one-line reason. */
export async function run(file: string, args: string[], options: RunOptions = {}): Promise<string> {
  const command = [file, ...args].join(" ");
  try {
    const result = await execa(file, args, {
      timeout: options.timeoutMs ?? 60_000,
      input: options.input,
      env: { LC_ALL: "C", ...options.env },
      stripFinalNewline: true,
    });
    return result.stdout;
  } catch (error) {
    throw classify(command, error as ExecaError);
  }
}

function classify(command: string, error: ExecaError): SubprocessError {
  const stderr = String(error.stderr ?? "").trim();
  const lastLine = stderr.split("\n").filter(Boolean).pop() ?? "";
  if (error.code === "ENOENT") return new SubprocessError("not-found", command, `${command.split(" ")[0]}: not found`);
  if (error.timedOut) return new SubprocessError("timeout", command, `${command}: timed out`, stderr);
  if (error.signal) {
    // 137 = 128 + SIGKILL: the shape a killed process takes everywhere in Docker's world too.
    return new SubprocessError("signal", command, `${command}: killed by ${error.signal}`, stderr);
  }
  return new SubprocessError("exit", command, `${command}: exit ${error.exitCode}${lastLine ? `: ${lastLine}` : ""}`, stderr);
}

/** True when a program is on PATH (or at the absolute path given). */
export async function hasProgram(file: string): Promise<boolean> {
  try {
    await execa("sh", ["-c", `command -v ${JSON.stringify(file)}`]);
    return true;
  } catch {
    return false;
  }
}
