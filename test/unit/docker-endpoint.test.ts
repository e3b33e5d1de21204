import { afterEach, describe, expect, it } from "vitest";
import { DockerodeEngine } from "../../src/docker/dockerode-engine.js";

describe("DockerodeEngine endpoint", () => {
  const saved = process.env.DOCKER_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
  });

  it("talks to the sandbox socket it was given even when DOCKER_HOST names another daemon", () => {
    process.env.DOCKER_HOST = "tcp://127.0.0.1:2375";
    const engine = new DockerodeEngine("unix:///run/rebound/x/docker.sock");
    const modem = (engine as unknown as { docker: { modem: { socketPath?: string; host?: string } } }).docker.modem;
    expect(modem.socketPath).toBe("/run/rebound/x/docker.sock");
    expect(modem.host).toBeUndefined();
  });
});
