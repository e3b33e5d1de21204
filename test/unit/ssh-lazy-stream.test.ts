// LazyStream: a dial-stdio channel that is no longer wanted is closed and drained, so that it really closes.
import { Duplex } from "node:stream";
import { describe, expect, it } from "vitest";
import { LazyStream } from "../../src/docker/ssh/lazy-stream.js";

/** Behaves as an ssh2 channel: destroy() only asks the host to close; "close" comes after the readable side ended. */
class FakeChannel extends Duplex {
  closed = false;
  constructor() {
    super({ emitClose: false, autoDestroy: false });
  }
  override _read(): void {}
  override _write(_chunk: unknown, _encoding: BufferEncoding, callback: () => void): void {
    callback();
  }
  override destroy(): this {
    // The host answers the close: what it sent before is still queued, then the end.
    setImmediate(() => {
      this.push(Buffer.alloc(64 * 1024));
      this.push(null);
    });
    this.once("end", () => {
      this.closed = true;
      this.emit("close");
    });
    return this;
  }
}

const closeOf = (channel: FakeChannel) => new Promise<boolean>((resolve) => {
  channel.once("close", () => resolve(true));
  setTimeout(() => resolve(false), 500);
});

describe("LazyStream", () => {
  it("a channel that opens after its request was given up is closed and drained, and emits close", async () => {
    const channel = new FakeChannel();
    let open!: (inner: Duplex) => void;
    const lazy = new LazyStream(new Promise((resolve) => (open = resolve)));
    lazy.destroy();
    open(channel);
    expect(await closeOf(channel)).toBe(true);
  });

  it("a channel paused by back-pressure closes once the stream over it is destroyed", async () => {
    const channel = new FakeChannel();
    const lazy = new LazyStream(Promise.resolve(channel));
    await new Promise((resolve) => setImmediate(resolve));
    // Nobody reads the outer stream: the inner one is paused when the outer buffer fills.
    for (let i = 0; i < 8; i++) channel.push(Buffer.alloc(64 * 1024));
    await new Promise((resolve) => setImmediate(resolve));
    expect(channel.isPaused()).toBe(true);
    lazy.destroy();
    expect(await closeOf(channel)).toBe(true);
  });
});
