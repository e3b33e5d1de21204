// In-memory stand-ins for the model's I/O: a fake clock, disks that lose files on demand, a network of handlers.
import type { Disk, DocName, MessagePath, Reply, Transport } from "./transport.js";

export class FakeClock {
  constructor(public ms: number) {}
  readonly now = (): number => this.ms;
}

/** JSON in and out, like the files: nothing is shared by reference with what the node keeps in memory. */
export class MemoryDisk implements Disk {
  private docs = new Map<DocName, string>();
  read<T>(name: DocName): T | undefined {
    const text = this.docs.get(name);
    return text === undefined ? undefined : (JSON.parse(text) as T);
  }
  write(name: DocName, value: unknown, done?: (error: string | null) => void): string | null {
    this.docs.set(name, JSON.stringify(value));
    done?.(null);
    return null;
  }
  lose(name: DocName): void {
    this.docs.delete(name);
  }
}

type Handler = (path: MessagePath, body: unknown) => Reply;
export interface Sent {
  to: string;
  path: MessagePath;
  body: unknown;
  delivered: boolean;
  ms: number;
}

/** Delivers at once to whoever is attached at an address; nobody attached means unreachable. */
export class MemoryNetwork {
  private handlers = new Map<string, Handler>();
  readonly sent: Sent[] = [];
  constructor(private readonly clock: FakeClock) {}
  attach(address: string, handler: Handler): void {
    this.handlers.set(address, handler);
  }
  detach(address: string): void {
    this.handlers.delete(address);
  }
  readonly transport: Transport = {
    request: (to, path, body) => {
      const handler = this.handlers.get(to.address);
      this.sent.push({ to: to.id, path, body, delivered: handler !== undefined, ms: this.clock.ms });
      if (!handler) return Promise.resolve(undefined);
      return Promise.resolve(structuredClone(handler(path, structuredClone(body))));
    },
  };
}
