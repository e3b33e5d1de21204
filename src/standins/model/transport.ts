// What the model needs from outside, injected: the clock, a transport to peers and PoETs, a disk, a logger, keys.
import type { PeerAddress } from "../config.js";

export interface Reply {
  status: number;
  body: unknown;
}

export type MessagePath = "/vote" | "/atx" | "/sync" | "/register" | "/proof";

export interface Transport {
  /** undefined when the peer is unreachable or timeoutMs passed: the model never waits longer than it asked. */
  request(to: PeerAddress, path: MessagePath, body: unknown, timeoutMs: number): Promise<Reply | undefined>;
}

/** state: the model's document; key: the identity; marker: PoST data done. Separate files, lost separately. */
export type DocName = "state" | "key" | "marker";

export interface Disk {
  read<T>(name: DocName): T | undefined;
  /**
   * Atomic: the old or the new version survives a crash. Without done, synchronous: returns an error message, or
   * null when written. With done, the write may finish later, off the event loop; done(null) says a version at
   * least this new is on disk, done(message) that it failed; the return value reports only what failed at once.
   */
  write(name: DocName, value: unknown, done?: (error: string | null) => void): string | null;
}

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Env {
  now: () => number;
  transport: Transport;
  disk: Disk;
  log: (event: string, fields?: LogFields) => void;
  newKey: () => string;
}

export const reply = (body: unknown, status = 200): Reply => ({ status, body });
export const refuse = (status: number, error: string, extra: object = {}): Reply => ({ status, body: { error, ...extra } });

export function pushBounded<T>(list: T[], item: T, limit: number): T[] {
  const next = [...list, item];
  return next.length > limit ? next.slice(next.length - limit) : next;
}
