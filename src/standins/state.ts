// The data directory as the model's disk: its state, its identity key and its PoST marker, in separate files.
import type { Disk, DocName } from "./model/transport.js";
import type { Store } from "./store.js";

export const STATE_FILE = "state.json";
export const KEY_FILE = "identity.key";
export const POST_MARKER = "post.marker";

/** Separate files, because each can be lost on its own: a lost key is a new identity, a lost marker a PoST re-init. */
export const FILES: Record<DocName, string> = { state: STATE_FILE, key: KEY_FILE, marker: POST_MARKER };

export function fileDisk(store: Store, onCorrupt: (detail: string) => void = () => {}): Disk {
  return {
    read<T>(name: DocName): T | undefined {
      const { value, corrupt } = store.readJson<T>(FILES[name]);
      if (corrupt) onCorrupt(corrupt);
      return value;
    },
    write(name: DocName, value: unknown): string | null {
      try {
        store.writeJson(FILES[name], value);
        return null;
      } catch (err) {
        return (err as Error).message;
      }
    },
  };
}
