// A tiny structural validator for the stand-in's own JSON files (the image has no node_modules, so no zod here).

/** Returns what is wrong with the value, located by its path ("rounds.7.state: ..."), or null when it fits. */
export type Shape = (value: unknown, at: string) => string | null;

const where = (at: string) => (at ? `${at}: ` : "");
const show = (v: unknown) => (v === undefined ? "nothing" : JSON.stringify(v)?.slice(0, 40) ?? String(v));
const expect = (what: string, v: unknown, at: string) => `${where(at)}expected ${what}, got ${show(v)}`;
const join = (at: string, key: string | number) => (at ? `${at}.${key}` : String(key));

export const str: Shape = (v, at) => (typeof v === "string" ? null : expect("a string", v, at));
export const bool: Shape = (v, at) => (typeof v === "boolean" ? null : expect("true or false", v, at));
export const num: Shape = (v, at) => (typeof v === "number" && Number.isFinite(v) ? null : expect("a number", v, at));
export const int: Shape = (v, at) => (Number.isSafeInteger(v) ? null : expect("an integer", v, at));

export function lit(...values: (string | number)[]): Shape {
  return (v, at) => (values.includes(v as string | number) ? null : expect(`one of ${values.join(", ")}`, v, at));
}

export function nullable(shape: Shape): Shape {
  return (v, at) => (v === null ? null : shape(v, at));
}

/** A key that may be absent; only objects built with obj() honour it. */
export function opt(shape: Shape): Shape {
  const optional: Shape = (v, at) => (v === undefined ? null : shape(v, at));
  return Object.assign(optional, { optional: true });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function arr(item: Shape): Shape {
  return (v, at) => {
    if (!Array.isArray(v)) return expect("a list", v, at);
    for (const [i, x] of v.entries()) {
      const problem = item(x, join(at, i));
      if (problem) return problem;
    }
    return null;
  };
}

export function rec(item: Shape): Shape {
  return (v, at) => {
    if (!isObject(v)) return expect("an object", v, at);
    for (const [k, x] of Object.entries(v)) {
      const problem = item(x, join(at, k));
      if (problem) return problem;
    }
    return null;
  };
}

/** Every listed key must be there (unless opt()); keys not listed are allowed, as a newer writer may add some. */
export function obj(fields: Record<string, Shape>): Shape {
  return (v, at) => {
    if (!isObject(v)) return expect("an object", v, at);
    for (const [k, shape] of Object.entries(fields)) {
      if (!(k in v) && !(shape as { optional?: boolean }).optional) return `${where(join(at, k))}missing`;
      const problem = shape(v[k], join(at, k));
      if (problem) return problem;
    }
    return null;
  };
}
