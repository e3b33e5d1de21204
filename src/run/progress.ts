// What the engine reports while it works; src/output/progress.ts draws it (a spinner, or lines in CI).
export interface Progress {
  step(text: string): void;
  succeed(text: string): void;
  fail(text: string): void;
  info(text: string): void;
  stop(): void;
}
