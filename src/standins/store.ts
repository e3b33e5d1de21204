// The data directory: JSON documents written atomically, marker files, and the wipe that `resume: false` asks for.
import * as fs from "node:fs";
import * as path from "node:path";

/** A writer's temp file: `.<name>.<pid>.tmp`. */
const TEMP = /^\..+\.\d+\.tmp$/;

export class Store {
  /** Temp files a killed writer left behind, removed when the store opened (one per kill mid-write, else forever). */
  readonly staleTemps: string[];

  constructor(readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    // One process per data directory (main.ts opens the only Store), so every temp file here is a dead writer's.
    this.staleTemps = fs.readdirSync(dir).filter((name) => TEMP.test(name));
    for (const name of this.staleTemps) fs.rmSync(path.join(dir, name), { force: true });
  }

  /** Temp file in the same directory, fsync, rename, fsync the directory: a crash leaves the old or the new file. */
  writeJson(name: string, data: unknown): void {
    const target = path.join(this.dir, name);
    const tmp = path.join(this.dir, `.${name}.${process.pid}.tmp`);
    const text = JSON.stringify(data) + "\n"; // before the temp file exists: a bad value leaves nothing behind
    const fd = fs.openSync(tmp, "w", 0o644);
    try {
      try {
        fs.writeFileSync(fd, text);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    this.syncDir();
  }

  /** The absolute path of a document, for messages. */
  pathOf(name: string): string {
    return path.join(this.dir, name);
  }

  /**
   * undefined when absent; a file that does not parse is reported and left in place: whether to start on without it
   * is the caller's (and the operator's) decision, never a silent fresh start.
   */
  readJson<T>(name: string): { value?: T; corrupt?: string } {
    const file = path.join(this.dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return {};
      throw err;
    }
    try {
      return { value: JSON.parse(text) as T };
    } catch (err) {
      return { corrupt: `${name}: ${(err as Error).message}` };
    }
  }

  /** true when the file is gone afterwards; never throws. */
  remove(name: string): boolean {
    try {
      fs.rmSync(path.join(this.dir, name), { force: true });
      return true;
    } catch {
      return false;
    }
  }

  exists(name: string): boolean {
    return fs.existsSync(path.join(this.dir, name));
  }

  /** Empties the directory but keeps it: it is often a mount point (volume or tmpfs) that cannot be removed. */
  wipe(): number {
    const entries = fs.readdirSync(this.dir);
    for (const entry of entries) fs.rmSync(path.join(this.dir, entry), { recursive: true, force: true });
    this.syncDir();
    return entries.length;
  }

  private syncDir(): void {
    const fd = fs.openSync(this.dir, "r");
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }
}
