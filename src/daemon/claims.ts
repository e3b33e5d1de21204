// Machine-wide claims on experiment subnets and bridge names: one file each in the run directory's claims/,
// created exclusively before the subnet or bridge is used, so two `up`s (one REBOUND_HOME or two) never pick one.
import { randomBytes } from "node:crypto";
import { link, mkdir, open, readdir, rename, unlink, writeFile, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { BRIDGE_PATTERN, NAME_PATTERN, SUBNET_PREFIX_PATTERN } from "./names.js";
import { processIsAlive } from "./process-info.js";

export type ClaimKind = "subnet" | "bridge";

/** Who holds a claim: the process that took it, and the experiment (home + profile) it is for. */
export interface ClaimOwner {
  pid: number;
  startTime: number;
  home: string;
  profile: string;
}

export interface Claim extends ClaimOwner {
  kind: ClaimKind;
  value: string;
  createdAt: string;
}

const claimSchema = z.object({
  kind: z.enum(["subnet", "bridge"]),
  value: z.string(),
  pid: z.number().int().positive(),
  startTime: z.number().int().nonnegative(),
  home: z.string(),
  profile: z.string().regex(NAME_PATTERN),
  createdAt: z.string(),
}) satisfies z.ZodType<Claim>;

/** What decides whether a claim whose process is gone is still held; injected so the rules are unit-tested. */
export interface ClaimLiveness {
  processAlive(owner: ClaimOwner): boolean;
  /** The subnet is on an interface, or the bridge exists. */
  inUse(kind: ClaimKind, value: string): Promise<boolean>;
  /** The owner's experiment record (in the owner's home) still names the value. */
  recorded(claim: Claim): Promise<boolean>;
}

export interface ClaimStore {
  dir: string;
  liveness: ClaimLiveness;
}

export type ClaimOutcome = { ok: true } | { ok: false; holder: Claim | undefined; file: string };

const PATTERN: Record<ClaimKind, RegExp> = { subnet: SUBNET_PREFIX_PATTERN, bridge: BRIDGE_PATTERN };

export function claimFile(store: ClaimStore, kind: ClaimKind, value: string): string {
  // The value becomes a file name: only what rebound itself makes may get this far.
  if (!PATTERN[kind].test(value)) throw new Error(`not a ${kind} rebound claims: ${JSON.stringify(value)}`);
  return join(store.dir, `${kind}-${value}`);
}

const sameExperiment = (a: ClaimOwner, b: ClaimOwner) => a.home === b.home && a.profile === b.profile;

/**
 * Takes the claim for `owner`. A claim of the same experiment is taken over when its process is gone (the
 * record keeps it between commands); another's is reclaimed only when it is stale (see isStale).
 */
export async function takeClaim(store: ClaimStore, kind: ClaimKind, value: string, owner: ClaimOwner): Promise<ClaimOutcome> {
  const file = claimFile(store, kind, value);
  await mkdir(store.dir, { recursive: true, mode: 0o755 });
  const mine: Claim = { kind, value, ...owner, createdAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await createExclusive(file, mine)) return { ok: true };
    const found = await readClaim(file);
    if (found === "absent") continue;
    if (found === "corrupt") return { ok: false, holder: undefined, file };
    const { claim, ino, text } = found;
    if (sameExperiment(claim, owner)) {
      if (claim.pid !== owner.pid && store.liveness.processAlive(claim)) return { ok: false, holder: claim, file };
      await replace(file, mine);
      return { ok: true };
    }
    if (!(await isStale(store, claim))) return { ok: false, holder: claim, file };
    await reclaim(file, { ino, text });
  }
  return { ok: false, holder: undefined, file };
}

/** Gives a claim back, only when it is this experiment's. */
export async function releaseClaim(store: ClaimStore, kind: ClaimKind, value: string, owner: Pick<ClaimOwner, "home" | "profile">): Promise<void> {
  const file = claimFile(store, kind, value);
  const found = await readClaim(file);
  if (typeof found === "object" && found.claim.home === owner.home && found.claim.profile === owner.profile) {
    await unlink(file).catch(ignoreMissing);
  }
}

/** A claim is stale when its process is gone, nothing on the machine uses the value, and no record names it. */
export async function isStale(store: ClaimStore, claim: Claim): Promise<boolean> {
  const { liveness } = store;
  return !liveness.processAlive(claim) && !(await liveness.inUse(claim.kind, claim.value)) && !(await liveness.recorded(claim));
}

/** Every claim on the machine (a corrupt one is left out: it is held, and takeClaim names its file). */
export async function listClaims(store: ClaimStore): Promise<Claim[]> {
  const names = await readdir(store.dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [] as string[];
    throw error;
  });
  const claims: Claim[] = [];
  for (const name of names.filter((n) => /^(subnet|bridge)-/.test(n) && !/\.(tmp|stale)$/.test(n)).sort()) {
    const found = await readClaim(join(store.dir, name));
    if (typeof found === "object") claims.push(found.claim);
  }
  return claims;
}

/** Written to a private file first and linked into place: link() fails if the name exists, and a reader never
 * sees a half-written claim (an empty file would look like nobody's). */
async function createExclusive(file: string, claim: Claim): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, JSON.stringify(claim) + "\n", { flag: "wx", mode: 0o644 });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  } finally {
    await unlink(temp).catch(ignoreMissing);
  }
}

async function replace(file: string, claim: Claim): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(temp, JSON.stringify(claim) + "\n", { flag: "wx", mode: 0o644 });
  await rename(temp, file);
}

/**
 * Removes a stale claim, and only the one judged: it is moved aside first, and if what was moved is not the
 * file judged (another process reclaimed and re-claimed in between), it is put back. The inode alone does not
 * tell: a freed inode number is reused at once, so the content (owner pid, start, time) must match too.
 */
async function reclaim(file: string, judged: { ino: number; text: string }): Promise<void> {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    return ignoreMissing(error);
  }
  const moved = await readClaim(aside);
  if (typeof moved !== "object" || moved.ino !== judged.ino || moved.text !== judged.text) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(ignoreMissing);
}

async function readClaim(file: string): Promise<{ claim: Claim; ino: number; text: string } | "absent" | "corrupt"> {
  let text: string;
  let ino: number;
  let handle: FileHandle | undefined;
  try {
    // One open file for both, so the inode judged is the one whose content was read.
    handle = await open(file, "r");
    ino = (await handle.stat()).ino;
    text = await handle.readFile("utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "absent";
    throw error;
  } finally {
    await handle?.close();
  }
  try {
    const parsed = claimSchema.safeParse(JSON.parse(text));
    return parsed.success ? { claim: parsed.data, ino, text } : "corrupt";
  } catch {
    return "corrupt";
  }
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
}

/** The liveness rules on this machine, given how to read a home's record (experiment/ sits above daemon/). */
export function processLiveness(inUse: ClaimLiveness["inUse"], recorded: ClaimLiveness["recorded"]): ClaimLiveness {
  return { processAlive: (owner) => processIsAlive(owner.pid, owner.startTime), inUse, recorded };
}
