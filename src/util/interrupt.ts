// Ctrl-C and SIGTERM as an AbortSignal: long commands check it between steps, roll back, then exit 130.
import { ReboundError } from "../errors.js";

export function interruptedError(): ReboundError {
  return new ReboundError("interrupted", "interrupted: rolled back and exiting");
}

export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw interruptedError();
}

/** One controller for the process; a second Ctrl-C while rolling back is ignored so clean-up can finish. */
export function listenForInterrupts(onFirst: (signal: NodeJS.Signals) => void = () => {}): AbortSignal {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    onFirst(signal);
    controller.abort(signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return controller.signal;
}
