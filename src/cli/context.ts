// What every command's wiring receives from the entry point.
export interface ProgramContext {
  /** Aborts on Ctrl-C or SIGTERM: commands roll back what they started. */
  signal: AbortSignal;
}
