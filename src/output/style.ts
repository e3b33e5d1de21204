// Colour only where a person reads it: a TTY without NO_COLOR; CI logs and pipes get plain text.
import { Chalk } from "chalk";

export function colourEnabled(stream: NodeJS.WriteStream = process.stdout, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY) && env.TERM !== "dumb";
}

export const paint = new Chalk({ level: colourEnabled() ? 1 : 0 });
