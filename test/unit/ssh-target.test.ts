// ssh://[user@]host[:port] as rebound reads it: defaults, IPv6, and the forms it refuses.
import { userInfo } from "node:os";
import { describe, expect, it } from "vitest";
import { ReboundError } from "../../src/errors.js";
import { parseSshUrl, sshUrlOf } from "../../src/docker/ssh/target.js";

describe("parseSshUrl", () => {
  it("reads user, host and port", () => {
    expect(parseSshUrl("ssh://deploy@node1.example:2222")).toEqual({ user: "deploy", host: "node1.example", port: 2222 });
    expect(parseSshUrl("ssh://root@10.254.1.2")).toEqual({ user: "root", host: "10.254.1.2", port: 22 });
  });

  it("defaults the user to the local user and the port to 22", () => {
    expect(parseSshUrl("ssh://node1")).toEqual({ user: userInfo().username, host: "node1", port: 22 });
  });

  it("takes IPv6 addresses in brackets and prints them back in brackets", () => {
    const target = parseSshUrl("ssh://root@[fd00::2]:2200");
    expect(target).toEqual({ user: "root", host: "fd00::2", port: 2200 });
    expect(sshUrlOf(target)).toBe("ssh://root@[fd00::2]:2200");
    expect(sshUrlOf({ user: "root", host: "10.0.0.1", port: 22 })).toBe("ssh://root@10.0.0.1:22");
  });

  it.each([
    "ssh://root:secret@node1",
    "ssh://root@node1/var/run/docker.sock",
    "ssh://root@node1/",
    "ssh://root@node1?x=1",
    "ssh://root@node1:0",
    "ssh://root@node1:70000",
    "ssh://root@node1:",
    "ssh://",
    "tcp://node1:22",
    "ssh://fd00::2",
    "ssh://root@node 1",
  ])("refuses %s with an input error naming it", (url) => {
    let thrown: unknown;
    try {
      parseSshUrl(url);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ReboundError);
    expect((thrown as ReboundError).exitCode).toBe(2);
    expect((thrown as ReboundError).message).toContain(`"${url}"`);
  });
});
