// Where things live inside the stand-in image; shared by the image builder and the (pure) topology planner.

export const IMAGE_REPOSITORY = "rebound-standin";
export const APP_DIR = "app";

/** FROM scratch carries the host's node at /usr/bin/node; a base image brings its own on PATH. */
export function nodeBinaryFor(base: string): string {
  return base === "scratch" ? "/usr/bin/node" : "node";
}

export function healthcheckCommand(base: string): string[] {
  return ["CMD", nodeBinaryFor(base), `/${APP_DIR}/standins/healthcheck.js`];
}
