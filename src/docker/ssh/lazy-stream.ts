// A Duplex that stands for a stream still being opened, as a connecting net.Socket does: writes wait, errors carry.
import { Duplex } from "node:stream";

/**
 * http.Agent counts a socket against maxSockets only once createConnection has handed it over: a connection opened
 * asynchronously would let every concurrent request open its own channel. Handing this over at once keeps the
 * Agent's bound, and the request is written as soon as the channel is open.
 */
export class LazyStream extends Duplex {
  private inner?: Duplex;
  private readonly pending: { chunk: unknown; encoding: BufferEncoding; callback: (error?: Error | null) => void }[] = [];
  private ending?: () => void;

  constructor(opening: Promise<Duplex>) {
    super({ allowHalfOpen: false });
    opening.then(
      (inner) => this.attach(inner),
      (error: Error) => this.destroy(error),
    );
  }

  /** The opened stream, once there is one (for ref and unref). */
  get opened(): Duplex | undefined {
    return this.inner;
  }

  private attach(inner: Duplex): void {
    if (this.destroyed) {
      discard(inner);
      return;
    }
    this.inner = inner;
    inner.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) inner.pause();
    });
    inner.once("end", () => this.push(null));
    inner.on("error", (error: Error) => this.destroy(error));
    inner.once("close", () => this.destroy());
    for (const { chunk, encoding, callback } of this.pending.splice(0)) inner.write(chunk, encoding, callback);
    if (this.ending) inner.end(this.ending);
  }

  override _read(): void {
    this.inner?.resume();
  }

  override _write(chunk: unknown, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.inner) this.inner.write(chunk, encoding, callback);
    else this.pending.push({ chunk, encoding, callback });
  }

  override _final(callback: () => void): void {
    if (this.inner) this.inner.end(callback);
    else this.ending = callback;
  }

  override _destroy(error: Error | null, callback: (error: Error | null) => void): void {
    if (this.inner) discard(this.inner);
    callback(error);
  }
}

/**
 * Closes a stream nobody reads any more, and reads what is left of it. An ssh2 channel emits "close" only once its
 * readable side has ended, and the ssh session frees the channel's slot and lets the process exit only on "close":
 * a channel closed unread (opened after its request was aborted, or paused by back-pressure) held the process open
 * for good after a run had ended.
 */
function discard(inner: Duplex): void {
  inner.destroy();
  inner.removeAllListeners("data");
  inner.resume();
}
