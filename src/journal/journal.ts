// The journal file: JSON lines, appended and fsynced before the step it describes happens.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { inputError } from "../errors.js";
import type { JournalEntry, StampedEntry } from "./entries.js";

export class Journal {
  private fd: number;
  private seq = 0;
  private readonly startedAt = performance.now();

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "a");
  }

  /** Appends and syncs: when this returns, the entry survives a SIGKILL of this process. */
  write(entry: JournalEntry): StampedEntry {
    const stamped = { ...entry, seq: ++this.seq, at: new Date().toISOString(), t: Math.round(performance.now() - this.startedAt) };
    writeSync(this.fd, JSON.stringify(stamped) + "\n");
    fsyncSync(this.fd);
    return stamped;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

export async function readJournal(path: string): Promise<StampedEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw inputError(`cannot read journal ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const entries: StampedEntry[] = [];
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    try {
      entries.push(JSON.parse(line) as StampedEntry);
    } catch {
      // A run killed mid-write leaves at most a torn last line; anything else is not a journal.
      if (index < lines.length - 2) throw inputError(`${path}:${index + 1}: not a journal entry`);
    }
  }
  return entries;
}
