// Docker HEALTHCHECK: exit 0 if the stand-in's /healthz answers 200 within 2 s, else 1. Runs every few seconds.
import { get } from "node:http";
import { CONFIG_ENV, STANDIN_PORT } from "./config.js";

function port(): number {
  try {
    const p = (JSON.parse(process.env[CONFIG_ENV] ?? "{}") as { port?: unknown }).port;
    return typeof p === "number" ? p : STANDIN_PORT;
  } catch {
    return STANDIN_PORT;
  }
}

const req = get({ host: "127.0.0.1", port: port(), path: "/healthz", timeout: 2000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on("timeout", () => req.destroy());
req.on("error", () => process.exit(1));
// Belt and braces: a connect that neither fails nor times out must not outlive the 2 s budget.
setTimeout(() => process.exit(1), 2000).unref();
