// The systemd controller over a scripted shell: the systemctl commands it sends and how it reads systemd's answers.
import { describe, expect, it } from "vitest";
import { parseUnitState, SystemdDaemon } from "../../src/daemon/systemd-daemon.js";
import type { RemoteShell } from "../../src/daemon/remote-shell.js";
import { commandText } from "../../src/daemon/remote-shell.js";
import { rejection } from "../support/rejection.js";

const show = (active: string, pid: number, extra = "") =>
  `LoadState=loaded\nActiveState=${active}\nSubState=${active === "active" ? "running" : "dead"}\nResult=${active === "failed" ? "start-limit-hit" : "success"}\nMainPID=${pid}\nNRestarts=0\nActiveEnterTimestampMonotonic=0\n${extra}`;

/** A shell that answers from a script of unit states and logs each command line it ran. */
function scriptedShell(states: string[]): RemoteShell & { ran: string[] } {
  const ran: string[] = [];
  let state = 0;
  return {
    where: "ssh://root@h:22",
    ran,
    async run(argv) {
      const line = commandText(argv);
      ran.push(line);
      if (argv[1] === "show" && argv[2] === "docker.service") return { code: 0, stdout: states[Math.min(state, states.length - 1)]!, stderr: "" };
      if (argv[1] === "show") return { code: 0, stdout: "LoadState=not-found\nActiveState=inactive\nMainPID=0\n", stderr: "" };
      if (argv[1] === "is-active" || argv[1] === "is-enabled") return { code: 3, stdout: "inactive\n", stderr: "" };
      if (argv[1] === "start" || argv[1] === "stop" || argv[1] === "reset-failed" || argv[0] === "kill") state++;
      return { code: 0, stdout: "", stderr: "" };
    },
  };
}

describe("parseUnitState", () => {
  it("reads systemctl show's Key=Value lines in any order, and defaults what is missing", () => {
    expect(parseUnitState("MainPID=42\nNRestarts=3\nActiveState=active\nLoadState=loaded\nActiveEnterTimestampMonotonic=123456\n")).toEqual({
      loadState: "loaded",
      activeState: "active",
      subState: "dead",
      result: "success",
      mainPid: 42,
      nRestarts: 3,
      activeEnterMonotonicUs: 123456,
    });
    expect(parseUnitState("")).toMatchObject({ loadState: "not-found", mainPid: 0 });
  });
});

describe("SystemdDaemon", () => {
  it("start on an active unit sends no start (it is not rebound's to restart)", async () => {
    const shell = scriptedShell([show("active", 10)]);
    await new SystemdDaemon(shell, "docker.service", "ssh://root@h:22", async () => true).start();
    expect(shell.ran.filter((l) => / start /.test(l))).toEqual([]);
  });

  it("a unit failed at its start limit is reset-failed before its start, and the controller remembers it", async () => {
    const shell = scriptedShell([show("failed", 0), show("failed", 0), show("active", 11)]);
    const daemon = new SystemdDaemon(shell, "docker.service", "ssh://root@h:22", async () => true);
    await daemon.start();
    expect(shell.ran.filter((l) => /reset-failed|systemctl start/.test(l))).toEqual(["systemctl reset-failed docker.service", "systemctl start docker.service"]);
    expect(daemon.lastReset).toMatchObject({ activeState: "failed", result: "start-limit-hit" });
    // The fault's log gets it once, in systemd's own words.
    expect(daemon.takeStartNotice()).toMatch(/^docker\.service: failed \(dead\), MainPID 0, NRestarts \d+, Result start-limit-hit when rebound came to start it: ran systemctl reset-failed docker\.service first/);
    expect(daemon.takeStartNotice()).toBeUndefined();
  });

  it("kill sends SIGKILL to the unit's MainPID only, and waits until systemd no longer reports that PID", async () => {
    const shell = scriptedShell([show("active", 77), show("activating", 0)]);
    await new SystemdDaemon(shell, "docker.service", "ssh://root@h:22", async () => true).kill();
    expect(shell.ran).toContain("kill -s KILL 77");
  });

  it("a unit systemd does not know is a one-line environment error naming the host and the unit", async () => {
    const shell = scriptedShell(["LoadState=not-found\n"]);
    const error = await rejection(new SystemdDaemon(shell, "dockr.service", "ssh://root@h:22", async () => true).start());
    expect(error).toMatchObject({ kind: "environment" });
    expect(error.message).toBe("ssh://root@h:22: systemd has no unit dockr.service (LoadState not-found)");
  });

  it("quotes every argument for the remote shell", () => {
    expect(commandText(["nsenter", "-t", "5", "-n", "sh", "-c", "! iptables -S X >/dev/null 2>&1"])).toBe(`nsenter -t 5 -n sh -c '! iptables -S X >/dev/null 2>&1'`);
    expect(commandText(["echo", "it's"])).toBe(`echo 'it'\\''s'`);
  });
});
