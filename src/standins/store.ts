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
   * Temp file in the same directory, rename: a killed process leaves the old or the new file. The fsyncs (file, then
   * directory) that make it survive the host losing power run before returning, or, while flushes are deferred,
   * off the event loop: a stand-in that waits for the disk on every layer can miss its own vote deadline while the
   * host's disk is slow (another dockerd stopping, another test writing), and a failed layer never heals without
   * self-healing. Neither a killed process nor any fault rebound injects loses a renamed file; only power loss could.
   */
  writeJson(name: string, data: unknown): void {
    const target = path.join(this.dir, name);
    const tmp = path.join(this.dir, `.${name}.${process.pid}.tmp`);
    const text = JSON.stringify(data) + "\n"; // before the temp file exists: a bad value leaves nothing behind
    const fd = fs.openSync(tmp, "w", 0o644);
    try {
      try {
        fs.writeFileSync(fd, text);
        if (!this.deferred) fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, target);
    } catch (err) {
      fs.rmSync(tmp, { force: true });
      throw err;
    }
    if (!this.deferred) return this.syncDir();
    this.unflushed.add(target);
    this.flushInBackground();
  }

  /**
   * While on, writes return before their fsyncs, which run in the background. Turning it off flushes what is
   * still pending, synchronously: a stop's last write is on disk before the process exits.
   */
  deferFlushes(on: boolean, onError: (message: string) => void = () => {}): void {
    this.deferred = on;
    this.onFlushError = onError;
    if (!on) this.flushNow();
  }

  private onFlushError: (message: string) => void = () => {};
  private deferred = false;
  private readonly unflushed = new Set<string>();
  /** What the running background pass took from unflushed and has not flushed yet. */
  private inFlight: string[] = [];
  private flushing = false;

  private flushInBackground(): void {
    if (this.flushing) return; // the running flush takes what was added meanwhile on its next pass
    this.flushing = true;
    const pass = async (): Promise<void> => {
      while (this.unflushed.size > 0 && this.deferred) {
        this.inFlight = [...this.unflushed];
        this.unflushed.clear();
        for (const file of [...this.inFlight, this.dir]) await fsyncPath(file).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== "ENOENT") this.onFlushError(`fsync ${file}: ${err.message}`); // a file removed since needs no flush
        });
        this.inFlight = [];
      }
    };
    void pass().finally(() => (this.flushing = false));
  }

  private flushNow(): void {
    // A background pass may still be on its way with some of them: the process may exit before it gets there.
    const files = new Set([...this.inFlight, ...this.unflushed]);
    this.unflushed.clear();
    for (const file of files) {
      try {
        const fd = fs.openSync(file, "r");
        try {
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") this.onFlushError(`fsync ${file}: ${(err as Error).message}`);
      }
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

/** fsync through a descriptor of its own: any descriptor of a file flushes the file's data. */
async function fsyncPath(file: string): Promise<void> {
  const handle = await fs.promises.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
