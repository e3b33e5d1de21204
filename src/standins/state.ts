// The data directory as the model's disk: its state, its identity key and its PoST marker, in separate files.
import { DOC_SHAPES } from "./doc-shapes.js";
import type { Disk, DocName } from "./model/transport.js";
import type { Store } from "./store.js";

export const STATE_FILE = "state.json";
export const KEY_FILE = "identity.key";
export const POST_MARKER = "post.marker";

/** Separate files, because each can be lost on its own: a lost key is a new identity, a lost marker a PoST re-init. */
export const FILES: Record<DocName, string> = { state: STATE_FILE, key: KEY_FILE, marker: POST_MARKER };

/** A document that does not parse or does not fit its shape: the stand-in stops rather than start without it. */
export class CorruptStateError extends Error {
  constructor(readonly file: string, readonly detail: string) {
    super(
      `${file}: not a valid state file (${detail}); the stand-in does not start on state it cannot trust: restore the ` +
        `file, or move it aside to start without it (which counts as lost state)`,
    );
    this.name = "CorruptStateError";
  }
}

/** What is wrong with a document read back, or null; exported so tests judge files with the stand-in's own rules. */
export function docProblem(name: DocName, value: unknown): string | null {
  return DOC_SHAPES[name](value, "");
}

export function fileDisk(store: Store, onCorrupt: (detail: string) => void = () => {}): Disk {
  return {
    read<T>(name: DocName): T | undefined {
      const file = FILES[name];
      const { value, corrupt } = store.readJson<unknown>(file);
      // readJson's parse error starts with the file's name, which the error names in full.
      const problem = corrupt !== undefined ? `not JSON: ${corrupt.slice(file.length + 2)}` : value === undefined ? null : docProblem(name, value);
      if (problem !== null) {
        onCorrupt(`${file}: ${problem}`);
        throw new CorruptStateError(store.pathOf(file), problem);
      }
      return value as T | undefined;
    },
    write(name: DocName, value: unknown, done?: (error: string | null) => void): string | null {
      try {
        if (done) store.writeJsonInBackground(FILES[name], value, done);
        else store.writeJson(FILES[name], value);
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    },
  };
}
