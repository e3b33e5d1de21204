// The journal file: JSON lines, appended and fsynced before the step it describes happens.
import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { inputError } from "../errors.js";
import { parseJsonAs } from "../util/parse-json.js";
import { stampedEntrySchema, type JournalEntry, type StampedEntry } from "./entries.js";

export class Journal {
  private fd: number;
  private seq = 0;
  private readonly startedAt = performance.now();

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.fd = openSync(path, "a");
    dropTornTail(this.fd, path);
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

/**
 * A run killed mid-write leaves a last line without its newline. Appending after it (recover does) would glue
 * the next entry onto it, and the glued line would then sit in the middle, where it is corruption. The torn
 * entry's step never started (entries are written first), so cutting it off loses nothing.
 */
function dropTornTail(fd: number, path: string): void {
  if (fstatSync(fd).size === 0) return;
  const bytes = readFileSync(path);
  if (bytes.at(-1) !== 0x0a) ftruncateSync(fd, bytes.lastIndexOf(0x0a) + 1);
}

const HINT = "rebound only appends to a journal: if this one was edited or damaged, move its run directory aside (recover reads every journal under REBOUND_HOME/runs)";

export async function readJournal(path: string): Promise<StampedEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw inputError(`cannot read journal ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const entries: StampedEntry[] = [];
  const lines = text.split("\n");
  // A run killed mid-write leaves at most a torn last line: one without its newline, begun as an entry begins.
  // Every other bad line, the last one included when it ends properly, is not a journal's.
  const torn = lines.length - 1;
  for (const [index, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const parsed = parseJsonAs(stampedEntrySchema, line, "a journal entry");
    if (parsed.ok) entries.push(parsed.value);
    else if (index === torn && line.startsWith('{"type":"')) continue;
    else if (entries.length === 0) throw inputError(`${path}: not a journal`, HINT);
    else throw inputError(`${path}:${index + 1}: ${parsed.problem}`, HINT);
  }
  // An empty file (or only a torn first entry) is a run killed before its first step: it owes nothing.
  return entries;
}
