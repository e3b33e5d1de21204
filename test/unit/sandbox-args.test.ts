import { describe, expect, it } from "vitest";
import { SandboxDaemon } from "../../src/daemon/sandbox-daemon.js";

describe("sandbox daemon arguments", () => {
  const env = { REBOUND_HOME: "/tmp/rebound-home-test", REBOUND_RUN_DIR: "/run/rebound-test" };
  const daemon = new SandboxDaemon({ name: "demo-a", options: { liveRestore: true, shutdownTimeout: 7 } }, env);
  const other = new SandboxDaemon({ name: "demo-b", options: { liveRestore: false, shutdownTimeout: 10 } }, env);

  it("gives the daemon its own socket, data-root, exec-root, pidfile and config file", () => {
    const args = daemon.args();
    expect(args).toContain(`--host=unix://${daemon.paths.socket}`);
    expect(args).toContain("--data-root=/tmp/rebound-home-test/sandboxes/demo-a/data");
    expect(args).toContain("--config-file=/tmp/rebound-home-test/sandboxes/demo-a/daemon.json");
    expect(args.some((a) => a.startsWith("--exec-root=/run/rebound-test/"))).toBe(true);
    expect(args.some((a) => a.startsWith("--pidfile=/run/rebound-test/"))).toBe(true);
  });

  it("never uses the default bridge and keeps its containerd namespaces to itself", () => {
    const ns = (d: SandboxDaemon) => d.args().filter((a) => a.startsWith("--containerd"));
    expect(daemon.args()).toContain("--bridge=none");
    expect(ns(daemon)).toHaveLength(2);
    expect(ns(daemon)).not.toEqual(ns(other));
    expect(ns(daemon).join(" ")).not.toMatch(/=moby\b/);
  });

  it("passes live-restore and shutdown-timeout only as configured", () => {
    expect(daemon.args()).toContain("--live-restore");
    expect(daemon.args()).toContain("--shutdown-timeout=7");
    expect(other.args()).not.toContain("--live-restore");
  });

  it("keeps socket paths under the unix socket limit, containerd's nested one included", () => {
    expect(`${daemon.paths.execRoot}/containerd/containerd.sock`.length).toBeLessThan(100);
  });
});
