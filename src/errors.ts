// The few error kinds rebound raises; caught once, in src/cli, and mapped to the documented exit codes.

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  environment: 3,
  interrupted: 130,
} as const;

export type ErrorKind = "usage" | "input" | "environment" | "failed" | "interrupted" | "internal";

export class ReboundError extends Error {
  readonly kind: ErrorKind;
  /** What the user can do about it, printed under the message. */
  readonly suggestion?: string;
  /** Set when the code was decided elsewhere (a run records its own) and must not be re-derived from the kind. */
  private readonly explicitExitCode?: number;

  constructor(kind: ErrorKind, message: string, options: { suggestion?: string; cause?: unknown; exitCode?: number } = {}) {
    super(message, { cause: options.cause });
    this.name = "ReboundError";
    this.kind = kind;
    this.suggestion = options.suggestion;
    this.explicitExitCode = options.exitCode;
  }

  get exitCode(): number {
    if (this.explicitExitCode !== undefined) return this.explicitExitCode;
    switch (this.kind) {
      case "usage":
      case "input":
        return EXIT.usage;
      case "environment":
        return EXIT.environment;
      case "failed":
        return EXIT.failed;
      case "interrupted":
        return EXIT.interrupted;
      case "internal":
        return EXIT.failed;
    }
  }

  toJSON(): Record<string, unknown> {
    return { error: this.kind, message: this.message, suggestion: this.suggestion };
  }
}

/** The kind whose documented exit code this is, for an exit code decided elsewhere. */
export function kindOfExitCode(code: number): ErrorKind {
  if (code === EXIT.usage) return "input";
  if (code === EXIT.environment) return "environment";
  if (code === EXIT.interrupted) return "interrupted";
  return "failed";
}

/** Bad input: a profile, a flag, a name. Nothing has been changed when this is thrown. */
export const inputError = (message: string, suggestion?: string) =>
  new ReboundError("input", message, { suggestion });

/** The environment cannot do what was asked: no engine, a daemon that does not answer. */
export const environmentError = (message: string, suggestion?: string, cause?: unknown) =>
  new ReboundError("environment", message, { suggestion, cause });
