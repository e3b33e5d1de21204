// Ctrl-C and SIGTERM as an AbortSignal: long commands check it between steps, roll back, then exit 130.
import { ReboundError } from "../errors.js";

export function interruptedError(): ReboundError {
  return new ReboundError("interrupted", "interrupted: rolled back and exiting");
}

export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw interruptedError();
}

/** Waits, but gives up at once on Ctrl-C: the caller then rolls back what it started. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  // Checked first: a step that is already due must not start after Ctrl-C either.
  if (signal.aborted) return Promise.reject(interruptedError());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(interruptedError());
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
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
