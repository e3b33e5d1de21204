// Progress on long work: a spinner on an interactive terminal, plain timestamped lines in CI and pipes.
import ora, { type Ora } from "ora";
import type { Progress } from "../run/progress.js";
import { colourEnabled, paint } from "./style.js";

export type { Progress };

// A pseudo-terminal with no size (columns 0) would make the spinner redraw endlessly: treat it as a log.
const interactive = () =>
  Boolean(process.stderr.isTTY) && (process.stderr.columns ?? 0) > 0 && !process.env.CI && process.env.TERM !== "dumb";

/** `quiet` (for --json) sends nothing to stdout: progress always goes to stderr. */
export function createProgress(options: { quiet?: boolean } = {}): Progress {
  if (options.quiet) return { step() {}, succeed() {}, fail() {}, info() {}, stop() {} };
  return interactive() ? spinnerProgress() : lineProgress();
}

function spinnerProgress(): Progress {
  let spinner: Ora | undefined;
  const started = Date.now();
  const elapsed = () => paint.dim(` ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return {
    step(text) {
      if (spinner) spinner.text = text;
      else spinner = ora({ text, stream: process.stderr, discardStdin: false, color: colourEnabled(process.stderr) ? "cyan" : undefined }).start();
    },
    succeed(text) {
      (spinner ?? ora({ stream: process.stderr })).succeed(text + elapsed());
      spinner = undefined;
    },
    fail(text) {
      (spinner ?? ora({ stream: process.stderr })).fail(text);
      spinner = undefined;
    },
    info(text) {
      if (spinner) spinner.clear();
      process.stderr.write(`${text}\n`);
      spinner?.render();
    },
    stop() {
      spinner?.stop();
      spinner = undefined;
    },
  };
}

function lineProgress(): Progress {
  const line = (mark: string, text: string) => process.stderr.write(`${new Date().toISOString()} ${mark} ${text}\n`);
  // A log gets a line per change, not one per poll.
  let lastStep = "";
  return {
    step: (text) => {
      if (text !== lastStep) line("..", text);
      lastStep = text;
    },
    succeed: (text) => line("ok", text),
    fail: (text) => line("!!", text),
    info: (text) => line("--", text),
    stop() {},
  };
}
