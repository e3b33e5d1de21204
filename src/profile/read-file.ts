// Reads a profile's bytes safely: only a regular file, at most MAX_PROFILE_BYTES, never blocking on a FIFO or a device.
import { constants } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import type { Stats } from "node:fs";
import { inputError, ReboundError } from "../errors.js";
import { escapeControl } from "./escape.js";
import { MAX_PROFILE_BYTES } from "./limits.js";

const OPEN_ERRORS: Record<string, string> = {
  ENOENT: "no such file",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "it is a directory",
  ENOTDIR: "a part of the path is not a directory",
  ELOOP: "too many levels of symbolic links",
  ENAMETOOLONG: "the path is too long",
  ENXIO: "not a regular file (a socket or a device)",
};

function kindOf(st: Stats): string {
  if (st.isDirectory()) return "it is a directory";
  if (st.isFIFO()) return "it is a FIFO (named pipe)";
  if (st.isCharacterDevice()) return "it is a character device";
  if (st.isBlockDevice()) return "it is a block device";
  if (st.isSocket()) return "it is a socket";
  return "it is not a regular file";
}

const cannot = (path: string, reason: string): ReboundError =>
  inputError(`cannot read profile ${escapeControl(path)}: ${reason}`);

const tooBig = (path: string, size: string): ReboundError =>
  cannot(path, `${size}, over the limit of ${MAX_PROFILE_BYTES} bytes (1 MiB) for a profile`);

async function readCapped(handle: FileHandle, path: string): Promise<Buffer> {
  // One byte past the limit tells a file that grew after fstat from one that is exactly at the limit.
  const buf = Buffer.alloc(MAX_PROFILE_BYTES + 1);
  let filled = 0;
  while (filled < buf.length) {
    const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  if (filled > MAX_PROFILE_BYTES) throw tooBig(path, "more bytes than its size said");
  return buf.subarray(0, filled);
}

/**
 * The bytes of the profile at `path`. The type and size are checked with fstat on the opened descriptor, so
 * what is checked is what is read; O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer.
 */
export async function readProfileBytes(path: string): Promise<Buffer> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    const { code, message } = err as NodeJS.ErrnoException;
    throw cannot(path, OPEN_ERRORS[code ?? ""] ?? escapeControl(message));
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw cannot(path, `${kindOf(st)}, not a regular file`);
    if (st.size > MAX_PROFILE_BYTES) throw tooBig(path, `${st.size} bytes`);
    return await readCapped(handle, path);
  } catch (err) {
    if (err instanceof ReboundError) throw err;
    throw cannot(path, escapeControl((err as Error).message));
  } finally {
    await handle.close();
  }
}
