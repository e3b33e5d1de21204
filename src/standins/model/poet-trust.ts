// Trust in a PoET: its key is taken on first contact (rebound names PoETs by address only); a changed key is a new PoET.
import type { PeerAddress } from "../config.js";
import type { Reply } from "./transport.js";

export interface TrustBook {
  poetKeys: Record<string, string>;
  untrusted: string[];
}

/** An error message, or undefined when the PoET answered 200, well formed, with the key it had at first contact. */
export function checkPoetReply(
  book: TrustBook,
  poet: PeerAddress,
  r: Reply | undefined,
  valid: (body: Record<string, unknown>) => boolean,
  log: (event: string, fields: Record<string, string>) => void,
): string | undefined {
  if (!r) return "unreachable";
  const body = (r.body ?? {}) as Record<string, unknown>;
  if (r.status !== 200) return typeof body.error === "string" ? `HTTP ${r.status}: ${body.error}` : `HTTP ${r.status}`;
  if (typeof body.key !== "string" || !valid(body)) return "malformed reply";
  const trusted = book.poetKeys[poet.id];
  if (trusted === undefined) {
    book.poetKeys[poet.id] = body.key;
    log("poet-trusted", { poet: poet.id, key: body.key.slice(0, 12) });
  } else if (trusted !== body.key) {
    if (!book.untrusted.includes(poet.id)) book.untrusted = [...book.untrusted, poet.id];
    log("poet-untrusted", { poet: poet.id, reason: "its key changed: a new PoET" });
    return "poet key changed";
  }
  return undefined;
}
