// dockerd bind-mounts its data-root onto itself and unmounts it on a clean stop; after a crash that mount
// outlives the daemon and keeps the directory busy. This finds and releases it.
import { readFile } from "node:fs/promises";
import { run } from "../util/subprocess.js";

export async function isMountpoint(path: string): Promise<boolean> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  // Field 5 is the mount point; spaces in it are written as \040.
  return mountinfo.split("\n").some((line) => line.split(" ")[4]?.replace(/\\040/g, " ") === path);
}

/** Mount points at or below `dir`, deepest first. */
export async function mountsUnder(dir: string): Promise<string[]> {
  const mountinfo = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  const points = mountinfo.split("\n").map((line) => line.split(" ")[4]?.replace(/\\040/g, " ") ?? "");
  return points.filter((point) => point === dir || point.startsWith(`${dir}/`)).sort().reverse();
}

export async function unmountIfMounted(path: string): Promise<boolean> {
  let unmounted = false;
  // A crash, a restart and another crash can stack the bind mount more than once.
  for (let attempt = 0; attempt < 8 && (await isMountpoint(path)); attempt++) {
    // Busy (a shim still exiting): detach it lazily; the kernel finishes once the last user lets go.
    await run("umount", [path], { timeoutMs: 10_000 }).catch(() => run("umount", ["-l", path], { timeoutMs: 10_000 }));
    unmounted = true;
  }
  return unmounted;
}
