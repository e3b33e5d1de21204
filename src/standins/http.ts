// The stand-in's HTTP: a tiny router for its own endpoints, and a client with a hard timeout for its peers.
import * as http from "node:http";
import { lookupByDns } from "./name-lookup.js";

export interface Reply {
  status: number;
  body: string | object;
  type?: string;
}
export type Handler = (body: unknown) => Reply;
/** Keyed "METHOD /path". */
export type Routes = Record<string, Handler>;

const MAX_BODY = 64 * 1024;

function send(res: http.ServerResponse, reply: Reply): void {
  const text = typeof reply.body === "string" ? reply.body : JSON.stringify(reply.body);
  const type = reply.type ?? (typeof reply.body === "string" ? "text/plain; charset=utf-8" : "application/json");
  res.writeHead(reply.status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

function handle(routes: Routes, req: http.IncomingMessage, res: http.ServerResponse, raw: string): void {
  const path = (req.url ?? "/").split("?")[0];
  const handler = routes[`${req.method} ${path}`];
  if (!handler) {
    const known = Object.keys(routes).some((k) => k.endsWith(` ${path}`));
    return send(res, { status: known ? 405 : 404, body: known ? "method not allowed\n" : "not found\n" });
  }
  let body: unknown;
  try {
    body = raw ? JSON.parse(raw) : undefined;
  } catch {
    return send(res, { status: 400, body: { error: "body is not JSON" } });
  }
  try {
    send(res, handler(body));
  } catch (err) {
    send(res, { status: 500, body: { error: (err as Error).message } });
  }
}

export function serve(port: number, routes: Routes): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      raw += chunk;
      if (raw.length > MAX_BODY) req.destroy();
    });
    req.on("end", () => handle(routes, req, res, raw));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // 0.0.0.0: peers on other daemons reach it through a published port, not the loopback.
    server.listen(port, "0.0.0.0", () => resolve(server));
  });
}

const MAX_REPLY = 4 * 1024 * 1024;

/**
 * POSTs JSON and resolves with the status and the parsed reply. Rejects on connection errors, on a reply that is not
 * JSON, and when timeoutMs passes: a hard deadline for the whole exchange, so a slow peer never holds a layer up.
 */
export function requestJson(
  agent: http.Agent,
  address: string,
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<{ status: number; body: unknown }> {
  const colon = address.lastIndexOf(":");
  const text = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: address.slice(0, colon),
        // An IP address needs no lookup (Node skips it); a name goes to DNS with a timeout of its own.
        lookup: lookupByDns,
        port: Number(address.slice(colon + 1)),
        path,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(text) },
      },
      (res) => {
        let raw = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          raw += chunk;
          if (raw.length > MAX_REPLY) req.destroy(new Error("reply too large"));
        });
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode ?? 0, body: raw ? JSON.parse(raw) : undefined });
          } catch {
            reject(new Error(`HTTP ${res.statusCode}: reply is not JSON`));
          }
        });
        res.on("error", reject);
      },
    );
    const timer = setTimeout(() => req.destroy(new Error(`timed out after ${timeoutMs} ms`)), Math.max(1, timeoutMs));
    req.on("error", reject);
    req.on("close", () => clearTimeout(timer));
    req.end(text);
  });
}
