// Escapes control characters in user text before it reaches a terminal, so a key can't move the cursor or recolour.

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f" };

// C0 and C1 controls, DEL, Unicode line separators, and the bidirectional overrides that reorder what is shown.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON-style escapes (\n, \u001b) for every character that would act on the terminal instead of being shown. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, (ch) => NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
