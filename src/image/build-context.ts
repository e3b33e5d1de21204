// Assembles the stand-in image's build context: the compiled stand-in code, and for the default FROM-scratch
// image the host's own node runtime with exactly the shared libraries it links, so no registry is ever needed.
import { createHash } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, realpath, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { run } from "../util/subprocess.js";
import { APP_DIR, IMAGE_REPOSITORY, nodeBinaryFor } from "./layout.js";


/** The compiled stand-in programs, next to this module in dist/. */
export function standinCodeDir(): string {
  return fileURLToPath(new URL("../standins/", import.meta.url));
}

export function dockerfileFor(base: string): string {
  const node = nodeBinaryFor(base);
  return [
    `FROM ${base}`,
    "COPY . /",
    'ENV NODE_OPTIONS="--max-old-space-size=64"',
    `HEALTHCHECK --interval=5s --timeout=3s --start-period=5s --retries=3 CMD ["${node}", "/${APP_DIR}/standins/healthcheck.js"]`,
    `ENTRYPOINT ["${node}", "/${APP_DIR}/standins/main.js"]`,
    "",
  ].join("\n");
}

interface ContextFile {
  /** Path inside the image, relative to / */
  target: string;
  source: string;
}

async function codeFiles(): Promise<ContextFile[]> {
  const dir = standinCodeDir();
  // Recursive: the stand-ins keep their model in a subdirectory.
  const names = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith(".js")).sort();
  if (!names.includes("main.js")) throw new Error(`stand-in code not built: ${dir}main.js is missing (run npm run build)`);
  return names.map((name) => ({ target: `${APP_DIR}/standins/${name}`, source: join(dir, name) }));
}

async function runtimeFiles(): Promise<ContextFile[]> {
  const node = await realpath(process.execPath);
  const lddOutput = await run("ldd", [node], { timeoutMs: 10_000 });
  const libraries = [...lddOutput.matchAll(/(\/\S+)\s+\(0x/g)].map((match) => match[1]!);
  const files = [{ target: "usr/bin/node", source: node }];
  for (const library of libraries) files.push({ target: library.replace(/^\//, ""), source: await realpath(library) });
  return files;
}

export interface BuildPlan {
  base: string;
  files: ContextFile[];
  dockerfile: string;
  tag: string;
}

/** Hash of everything that ends up in the image: a changed runtime or stand-in code means a new tag. */
async function contentHash(base: string, files: ContextFile[], dockerfile: string): Promise<string> {
  const hash = createHash("sha256").update(dockerfile).update(base);
  for (const file of files) {
    hash.update(file.target);
    const info = await stat(file.source);
    // The runtime is large and never edited in place: size and mtime identify it; code is hashed by content.
    if (file.target.startsWith(APP_DIR)) hash.update(await readFile(file.source));
    else hash.update(`${info.size}:${info.mtimeMs}`);
  }
  return hash.digest("hex").slice(0, 12);
}

export async function planBuild(base: string): Promise<BuildPlan> {
  const files = [...(await codeFiles()), ...(base === "scratch" ? await runtimeFiles() : [])];
  const dockerfile = dockerfileFor(base);
  return { base, files, dockerfile, tag: `${IMAGE_REPOSITORY}:${await contentHash(base, files, dockerfile)}` };
}

/** Writes the context directory; returns it with the file list relative to it (Dockerfile included). */
export async function writeBuildContext(plan: BuildPlan, workDir: string): Promise<{ dir: string; files: string[] }> {
  const dir = join(workDir, plan.tag.split(":")[1]!);
  for (const file of plan.files) {
    await mkdir(dirname(join(dir, file.target)), { recursive: true });
    await copyFile(file.source, join(dir, file.target));
  }
  await writeFile(join(dir, APP_DIR, "package.json"), '{ "type": "module" }\n');
  await writeFile(join(dir, "Dockerfile"), plan.dockerfile);
  return { dir, files: [...plan.files.map((file) => file.target), `${APP_DIR}/package.json`, "Dockerfile"] };
}
