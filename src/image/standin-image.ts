// Makes the stand-in image present on every daemon that needs it: built once, copied to the others.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { inputError } from "../errors.js";
import type { DockerEngine } from "../docker/engine.js";
import { reboundHome } from "../daemon/paths.js";
import { planBuild, writeBuildContext } from "./build-context.js";

export interface ImageResult {
  tag: string;
  built: boolean;
  copiedTo: string[];
}

export async function ensureStandinImage(
  engines: DockerEngine[],
  base: string,
  log: (line: string) => void = () => {},
): Promise<ImageResult> {
  const first = engines[0];
  if (!first) throw new Error("ensureStandinImage: no Docker engine given");
  const context = await planBuild(base);
  const present = await Promise.all(engines.map((engine) => engine.hasImage(context.tag)));
  let source = engines[present.indexOf(true)];
  let built = false;
  if (!source) {
    if (base !== "scratch" && !(await first.hasImage(base))) {
      throw inputError(
        `image.base "${base}" is not present on ${first.endpoint}, and rebound never pulls from a registry`,
        `load it first (docker -H ${first.endpoint} load -i IMAGE.tar) or use base: scratch`,
      );
    }
    log(`building ${context.tag} (FROM ${base})`);
    // One directory per process: two `up`s of one home building at once must not remove each other's context.
    const workDir = join(reboundHome(), "image-context", String(process.pid));
    const written = await writeBuildContext(context, workDir);
    try {
      await first.buildImage(written.dir, written.files, context.tag);
    } finally {
      // The context holds a copy of the runtime (about 100 MB); the image is the cache, not this directory.
      await rm(workDir, { recursive: true, force: true });
    }
    source = first;
    built = true;
  }
  const copiedTo: string[] = [];
  for (const [index, engine] of engines.entries()) {
    if (present[index] || engine === source) continue;
    log(`copying ${context.tag} to ${engine.endpoint}`);
    await engine.importImage(await source.exportImage(context.tag));
    copiedTo.push(engine.endpoint);
  }
  return { tag: context.tag, built, copiedTo };
}
