// Docker contexts as the docker CLI stores them: the config directory, its currentContext, and one context's
// docker endpoint with its TLS folder. Layout read from docker/cli cli/context/store (metadatastore.go: meta.json
// under contexts/meta/<sha256 hex of the name>; tlsstore.go: contexts/tls/<same id>/docker/{ca,cert,key}.pem).
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { inputError } from "../errors.js";
import { parseJsonAs } from "../util/parse-json.js";

/** docker/cli's DefaultContextName: the context that means DOCKER_HOST, or the default socket. */
export const DEFAULT_CONTEXT = "default";

export interface DockerContext {
  name: string;
  /** Endpoints.docker.Host; empty in meta.json means the default socket, as docker's client does. */
  host: string;
  skipTlsVerify: boolean;
  /** The TLS files the context's folder holds (each only when present). */
  tls: { ca?: string; cert?: string; key?: string };
  metaFile: string;
}

/** $DOCKER_CONFIG, or ~/.docker (docker/cli cli/config: config.Dir()). */
export function dockerConfigDir(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_CONFIG || join(env.HOME || homedir(), ".docker");
}

/** The directory name a context lives under: the sha256 of its name in hex (docker/cli contextdirOf). */
export const contextId = (name: string): string => createHash("sha256").update(name).digest("hex");

const configSchema = z.object({ currentContext: z.string().optional() }).loose();

/** config.json's currentContext ("docker context use"); undefined when unset or when there is no config file. */
export function currentContextName(env: NodeJS.ProcessEnv): string | undefined {
  const file = join(dockerConfigDir(env), "config.json");
  if (!existsSync(file)) return undefined;
  const parsed = parseJsonAs(configSchema, readText(file), "a Docker CLI config");
  if (!parsed.ok) throw inputError(`${file}: ${parsed.problem}`, "fix or remove it; docker reads the same file");
  return parsed.value.currentContext || undefined;
}

const metaSchema = z.object({
  Name: z.string(),
  Endpoints: z.object({
    docker: z.object({ Host: z.string().optional(), SkipTLSVerify: z.boolean().optional() }).loose(),
  }).loose(),
}).loose();

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    throw inputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** A named context from the store; unknown names and malformed meta.json are bad input (exit 2). */
export function readContext(name: string, env: NodeJS.ProcessEnv): DockerContext {
  const root = join(dockerConfigDir(env), "contexts");
  const id = contextId(name);
  const metaFile = join(root, "meta", id, "meta.json");
  if (!existsSync(metaFile)) {
    throw inputError(`unknown Docker context "${name}": no ${join(root, "meta", id)}/meta.json`, "docker context ls lists the contexts; DOCKER_CONFIG sets where they are looked for");
  }
  const parsed = parseJsonAs(metaSchema, readText(metaFile), "a Docker context with a docker endpoint");
  if (!parsed.ok) throw inputError(`${metaFile}: ${parsed.problem}`, "docker context inspect shows the context; recreate it with docker context create");
  const tlsDir = join(root, "tls", id, "docker");
  const present = (file: string) => (existsSync(join(tlsDir, file)) ? join(tlsDir, file) : undefined);
  const docker = parsed.value.Endpoints.docker;
  return {
    name,
    host: docker.Host ?? "",
    skipTlsVerify: docker.SkipTLSVerify === true,
    tls: { ca: present("ca.pem"), cert: present("cert.pem"), key: present("key.pem") },
    metaFile,
  };
}
