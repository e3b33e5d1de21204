import { describe, expect, it } from "vitest";
import { isContainerdStartTimeout, isIptablesStartRace, startRetryDelayMs } from "../../src/daemon/start-race.js";

describe("isIptablesStartRace", () => {
  it("recognises both sides of the chain race and the busy lock", () => {
    // Seen in CI: three ups at once, one daemon found its return rule's chain already gone.
    expect(isIptablesStartRace("dockerd exited (code 1): failed to start daemon: Error initializing network controller: error obtaining controller instance: unable to add return rule in DOCKER-ISOLATION-STAGE-2 chain:  (iptables failed: iptables --wait -A DOCKER-ISOLATION-STAGE-2 -j RETURN: iptables: No chain/target/match by that name.")).toBe(true);
    expect(isIptablesStartRace("failed to create NAT chain DOCKER: iptables failed: iptables -t nat -N DOCKER: iptables: Chain already exists.")).toBe(true);
    expect(isIptablesStartRace("dockerd exited (code 1): failed to mount overlay: device or resource busy")).toBe(true);
  });

  it("leaves every other failure alone", () => {
    expect(isIptablesStartRace("dockerd exited (code 1): pid file found, ensure docker is not running")).toBe(false);
    expect(isIptablesStartRace("the API did not answer within 60 s")).toBe(false);
    // A missing chain outside iptables (a path, a plugin) is not the race.
    expect(isIptablesStartRace("No chain/target/match by that name")).toBe(false);
  });
});

describe("isContainerdStartTimeout", () => {
  it("recognises dockerd giving up on a containerd that did not serve in time, and nothing else", () => {
    // Seen in CI: the matrix's live-restore daemon, started again after a crash, on a busy machine.
    expect(isContainerdStartTimeout("dockerd exited (code 1): failed to start containerd: timeout waiting for containerd to start")).toBe(true);
    expect(isContainerdStartTimeout("dockerd exited (code 1): failed to start containerd: exec: \"containerd\": executable file not found in $PATH")).toBe(false);
    expect(isContainerdStartTimeout("the API did not answer within 60 s")).toBe(false);
  });
});

describe("startRetryDelayMs", () => {
  it("grows with the attempt and spreads by the random draw", () => {
    expect(startRetryDelayMs(1, () => 0)).toBe(250);
    expect(startRetryDelayMs(1, () => 1)).toBe(750);
    expect(startRetryDelayMs(2, () => 0.5)).toBe(750);
  });
});
