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

  /**
   * Temp file in the same directory, fsync, rename, fsync of the directory: a killed process leaves the old or the
   * new file, and the new one survives the host losing power. Synchronous: for a start, a stop and one-off
   * documents. A target with a background write outstanding is refused: the older rename could land after this one.
   */
  writeJson(name: string, data: unknown): void {
    const target = path.join(this.dir, name);
    if (this.queued.has(target) || this.writing.has(target)) throw new Error(`${name}: a background write of it is still outstanding`);
    this.writeNow(target, JSON.stringify(data) + "\n"); // stringified before the temp file exists: a bad value leaves nothing
  }

  /**
   * The same atomic, durable write, off the event loop while background writes are on: a stand-in that waits for
   * the disk on its layer tick sends its vote late and counts its peers' votes late, and every stand-in on the
   * host's one filesystem waits for the same journal commit (another dockerd stopping, another test writing), so
   * one slow commit fails a layer everywhere at once, which never heals without self-healing. Measured: ticks of
   * 300-750 ms under a busy disk, and the fixed twin stalled. Writes of one file are coalesced, the newest wins;
   * done(null) runs once a version at least as new is on disk, done(message) when that write failed.
   */
  writeJsonInBackground(name: string, data: unknown, done: (error: string | null) => void = () => {}): void {
    const text = JSON.stringify(data) + "\n";
    const target = path.join(this.dir, name);
    if (this.mode === "sync") {
      this.writeNow(target, text);
      return done(null);
    }
    const previous = this.queued.get(target);
    this.queued.set(target, { text, done: [...(previous?.done ?? []), done] });
    if (this.mode === "background" && !this.writing.has(target)) this.writing.set(target, this.pump(target));
  }

  /** From here writeJsonInBackground returns before the disk is touched; failures go to onError as well. */
  startBackgroundWrites(onError: (message: string) => void): void {
    this.onError = onError;
    this.mode = "background";
  }

  /**
   * Waits for the writes under way, then writes what is still queued synchronously, and every later write too: a
   * stop's last state is on disk, newest last, before the process exits.
   */
  async stopBackgroundWrites(): Promise<void> {
    this.mode = "holding";
    while (this.writing.size > 0) await Promise.all([...this.writing.values()]);
    this.mode = "sync";
    for (const [target, entry] of [...this.queued]) {
      this.queued.delete(target);
      this.settle(entry.done, () => this.writeNow(target, entry.text));
    }
  }

  private mode: "sync" | "background" | "holding" = "sync";
  private onError: (message: string) => void = () => {};
  /** The newest version of each file not yet taken by a write, with everyone waiting for it. */
  private readonly queued = new Map<string, { text: string; done: ((error: string | null) => void)[] }>();
  /** The running write loop of each file. */
  private readonly writing = new Map<string, Promise<void>>();

  private async pump(target: string): Promise<void> {
    try {
      for (let entry = this.queued.get(target); entry && this.mode === "background"; entry = this.queued.get(target)) {
        this.queued.delete(target);
        let error: string | null = null;
        await writeInBackground(target, this.tempOf(target), entry.text).catch((err: Error) => (error = err.message));
        if (error !== null) this.onError(`${path.basename(target)}: ${error}`);
        for (const done of entry.done) done(error);
      }
    } finally {
      this.writing.delete(target);
    }
  }

  private settle(done: ((error: string | null) => void)[], write: () => void): void {
    let error: string | null = null;
    try {
      write();
    } catch (err) {
      error = (err as Error).message;
      this.onError(error);
    }
    for (const d of done) d(error);
  }

  private tempOf(target: string): string {
    return path.join(this.dir, `.${path.basename(target)}.${process.pid}.tmp`);
  }

  private writeNow(target: string, text: string): void {
    const tmp = this.tempOf(target);
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

/** writeNow's steps through the thread pool: the event loop goes on while the disk takes its time. */
async function writeInBackground(target: string, tmp: string, text: string): Promise<void> {
  try {
    const file = await fs.promises.open(tmp, "w", 0o644);
    try {
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await fs.promises.rename(tmp, target);
  } catch (err) {
    await fs.promises.rm(tmp, { force: true });
    throw err;
  }
  const dir = await fs.promises.open(path.dirname(target), "r");
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}
