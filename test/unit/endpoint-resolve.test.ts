// Endpoint resolution as the docker CLI does it, on temp config directories: precedence, the context store's
// layout (sha256 directories, the TLS folder), TLS files and verification, and the input errors.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextId } from "../../src/docker/contexts.js";
import { describeEndpoint, dockerOptions, resolveEndpoint, type ResolvedEndpoint } from "../../src/docker/endpoint.js";
import { closeSshSessions } from "../../src/docker/ssh/session.js";
import { tlsFailure } from "../../src/docker/tls.js";
import type { ReboundError } from "../../src/errors.js";
import { makeCerts, type Certs } from "../support/endpoint-certs.js";

const root = mkdtempSync(join(tmpdir(), "rebound-endpoint-"));
let certs: Certs;
beforeAll(async () => {
  certs = await makeCerts(join(root, "certs"));
}, 60_000);
afterAll(() => {
  closeSshSessions();
  rmSync(root, { recursive: true, force: true });
});

let configs = 0;
/** A fresh DOCKER_CONFIG directory. */
function config(current?: string): string {
  const dir = join(root, `cfg${++configs}`);
  mkdirSync(dir, { recursive: true });
  if (current !== undefined) writeFileSync(join(dir, "config.json"), JSON.stringify({ auths: {}, currentContext: current }));
  return dir;
}

/** A context as `docker context create` stores it: meta under sha256(name), TLS files under the same id. */
function context(dir: string, name: string, host: string, extra: { skip?: boolean; tls?: Partial<Record<"ca.pem" | "cert.pem" | "key.pem", string>> } = {}): void {
  const id = contextId(name);
  mkdirSync(join(dir, "contexts", "meta", id), { recursive: true });
  const docker = { Host: host, SkipTLSVerify: extra.skip ?? false };
  writeFileSync(join(dir, "contexts", "meta", id, "meta.json"), JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker } }));
  for (const [file, from] of Object.entries(extra.tls ?? {})) {
    mkdirSync(join(dir, "contexts", "tls", id, "docker"), { recursive: true });
    copyFileSync(from, join(dir, "contexts", "tls", id, "docker", file));
  }
}

const thrown = (action: () => unknown): ReboundError => {
  try {
    action();
  } catch (error) {
    return error as ReboundError;
  }
  throw new Error("expected an error");
};
const summary = (r: ResolvedEndpoint) => ({ url: r.url, source: r.source, context: r.context });

describe("precedence (docker/cli resolveContextName)", () => {
  it("host, then context, then DOCKER_HOST, then DOCKER_CONTEXT, then currentContext, then the socket", () => {
    const dir = config("cur");
    context(dir, "envctx", "tcp://10.0.0.2:2375");
    context(dir, "cur", "tcp://10.0.0.3:2375");
    context(dir, "named", "unix:///run/named.sock");
    const env = { DOCKER_CONFIG: dir, DOCKER_HOST: "tcp://10.0.0.1:2375", DOCKER_CONTEXT: "envctx" };
    expect(summary(resolveEndpoint({ host: "unix:///run/flag.sock" }, env))).toEqual({ url: "unix:///run/flag.sock", source: "flag", context: undefined });
    expect(summary(resolveEndpoint({ host: "unix:///run/p.sock", source: "profile" }, env))).toEqual({ url: "unix:///run/p.sock", source: "profile", context: undefined });
    expect(summary(resolveEndpoint({ context: "named" }, env))).toEqual({ url: "unix:///run/named.sock", source: "flag", context: "named" });
    expect(summary(resolveEndpoint({}, env))).toEqual({ url: "tcp://10.0.0.1:2375", source: "DOCKER_HOST", context: undefined });
    expect(summary(resolveEndpoint({}, { ...env, DOCKER_HOST: "" }))).toEqual({ url: "tcp://10.0.0.2:2375", source: "DOCKER_CONTEXT", context: "envctx" });
    expect(summary(resolveEndpoint({}, { DOCKER_CONFIG: dir }))).toEqual({ url: "tcp://10.0.0.3:2375", source: "current context", context: "cur" });
    expect(summary(resolveEndpoint({}, { DOCKER_CONFIG: config() }))).toEqual({ url: "unix:///var/run/docker.sock", source: "default", context: undefined });
  });

  it("DOCKER_CONFIG defaults to ~/.docker (HOME)", () => {
    const home = join(root, "home");
    mkdirSync(join(home, ".docker"), { recursive: true });
    context(join(home, ".docker"), "homectx", "unix:///run/home.sock");
    writeFileSync(join(home, ".docker", "config.json"), '{"currentContext":"homectx"}');
    expect(resolveEndpoint({}, { HOME: home }).url).toBe("unix:///run/home.sock");
  });

  it("the context named default is DOCKER_HOST, or the socket", () => {
    expect(summary(resolveEndpoint({ context: "default" }, { DOCKER_HOST: "tcp://10.0.0.1:2375" }))).toEqual({ url: "tcp://10.0.0.1:2375", source: "flag", context: "default" });
    expect(resolveEndpoint({}, { DOCKER_CONTEXT: "default", DOCKER_CONFIG: config() }).url).toBe("unix:///var/run/docker.sock");
    expect(resolveEndpoint({}, { DOCKER_CONFIG: config("default") }).url).toBe("unix:///var/run/docker.sock");
  });

  it("a host and a context together is a usage error (exit 2), as docker's conflicting options", () => {
    const error = thrown(() => resolveEndpoint({ host: "unix:///x.sock", context: "c" }, {}));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("conflicting options: a Docker host (unix:///x.sock) and a context (c) are both given");
  });
});

describe("the context store", () => {
  it("keeps each context under the sha256 hex of its name", () => {
    expect(contextId("t1")).toBe("628b49d96dcde97a430dd4f597705899e09a968f793491e4b704cae33a40dc02");
    const dir = config();
    mkdirSync(join(dir, "contexts", "meta", "628b49d96dcde97a430dd4f597705899e09a968f793491e4b704cae33a40dc02"), { recursive: true });
    writeFileSync(join(dir, "contexts", "meta", "628b49d96dcde97a430dd4f597705899e09a968f793491e4b704cae33a40dc02", "meta.json"), '{"Name":"t1","Endpoints":{"docker":{"Host":"unix:///run/t1.sock"}}}');
    expect(resolveEndpoint({ context: "t1" }, { DOCKER_CONFIG: dir }).url).toBe("unix:///run/t1.sock");
  });

  it("takes TLS files from the context's TLS folder, verified, on docker's TLS port", () => {
    const dir = config();
    context(dir, "tls", "tcp://10.0.0.9", { tls: { "ca.pem": certs.ca, "cert.pem": certs.clientCert, "key.pem": certs.clientKey } });
    const resolved = resolveEndpoint({ context: "tls" }, { DOCKER_CONFIG: dir });
    const folder = join(dir, "contexts", "tls", contextId("tls"), "docker");
    expect(resolved).toMatchObject({ kind: "tcp", url: "tcp://10.0.0.9:2376", port: 2376, tls: { verify: true, files: { ca: join(folder, "ca.pem"), cert: join(folder, "cert.pem"), key: join(folder, "key.pem") } } });
    expect(describeEndpoint(resolved)).toBe(`tcp://10.0.0.9:2376 (context "tls", via --context; TLS verified against ${join(folder, "ca.pem")})`);
  });

  it("honours SkipTLSVerify, and a tcp context without TLS data is plain http on 2375", () => {
    const dir = config();
    context(dir, "skip", "tcp://10.0.0.9:2376", { skip: true, tls: { "ca.pem": certs.ca } });
    context(dir, "plain", "tcp://10.0.0.8");
    const skip = resolveEndpoint({ context: "skip" }, { DOCKER_CONFIG: dir });
    expect(skip).toMatchObject({ tls: { verify: false } });
    expect(dockerOptions(skip)).toMatchObject({ protocol: "https", agent: { options: { rejectUnauthorized: false } } });
    const plain = resolveEndpoint({ context: "plain" }, { DOCKER_CONFIG: dir });
    expect(plain).toMatchObject({ url: "tcp://10.0.0.8:2375" });
    expect(plain).not.toHaveProperty("tls");
  });

  it("an unknown context is exit 2, naming it and the directory looked in", () => {
    const dir = config();
    const error = thrown(() => resolveEndpoint({ context: "nope" }, { DOCKER_CONFIG: dir }));
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe(`unknown Docker context "nope": no ${join(dir, "contexts", "meta", contextId("nope"))}/meta.json`);
    // A currentContext that names a removed context is the same error.
    expect(thrown(() => resolveEndpoint({}, { DOCKER_CONFIG: config("gone") })).message).toMatch(/^unknown Docker context "gone"/);
  });

  it("a malformed meta.json or config.json is exit 2 naming the file", () => {
    const dir = config();
    context(dir, "bad", "x");
    const meta = join(dir, "contexts", "meta", contextId("bad"), "meta.json");
    writeFileSync(meta, '{"Name":"bad","Endpoints":');
    expect(thrown(() => resolveEndpoint({ context: "bad" }, { DOCKER_CONFIG: dir }))).toMatchObject({ exitCode: 2, message: expect.stringMatching(new RegExp(`^${meta}: not a Docker context with a docker endpoint: invalid JSON`)) });
    writeFileSync(meta, '{"Name":"bad","Endpoints":{}}');
    expect(thrown(() => resolveEndpoint({ context: "bad" }, { DOCKER_CONFIG: dir })).message).toBe(`${meta}: not a Docker context with a docker endpoint: Endpoints.docker: missing`);
    const cfg = config();
    writeFileSync(join(cfg, "config.json"), "{oops");
    expect(thrown(() => resolveEndpoint({}, { DOCKER_CONFIG: cfg }))).toMatchObject({ exitCode: 2, message: expect.stringContaining(`${join(cfg, "config.json")}: not a Docker CLI config`) });
  });
});

describe("TLS", () => {
  it("resolves relative TLS paths against baseDir and verifies by default", () => {
    const resolved = resolveEndpoint({ host: "tcp://127.0.0.1:2376", tls: { ca: "ca.pem", cert: "client.pem", key: "client-key.pem" }, baseDir: certs.dir, source: "profile" }, {});
    expect(resolved).toMatchObject({ kind: "tcp", host: "127.0.0.1", port: 2376, source: "profile", tls: { verify: true, files: { ca: certs.ca, cert: certs.clientCert, key: certs.clientKey } } });
    expect(dockerOptions(resolved)).toMatchObject({ protocol: "https", host: "127.0.0.1", port: 2376, agent: { options: { rejectUnauthorized: true } } });
    expect(resolveEndpoint({ host: "tcp://127.0.0.1:2376", tls: { ca: certs.ca, verify: false } }, {})).toMatchObject({ tls: { verify: false } });
  });

  it("a TLS file named by the user that cannot be read is exit 2; one found through the environment is exit 3", () => {
    const named = thrown(() => resolveEndpoint({ host: "tcp://127.0.0.1:2376", tls: { ca: "missing.pem" }, baseDir: "/nowhere" }, {}));
    expect(named).toMatchObject({ exitCode: 2, message: "TLS for tcp://127.0.0.1:2376: cannot read /nowhere/missing.pem: no such file" });
    const env = thrown(() => resolveEndpoint({}, { DOCKER_HOST: "tcp://127.0.0.1:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/nowhere" }));
    expect(env).toMatchObject({ exitCode: 3, message: "TLS for tcp://127.0.0.1:2376: cannot read /nowhere/ca.pem: no such file" });
    expect(thrown(() => resolveEndpoint({ host: "tcp://h:1", tls: { cert: certs.clientCert } }, {})).message).toMatch(/needs its key/);
    expect(thrown(() => resolveEndpoint({ host: "tcp://h:1", tls: { ca: certs.clientKey } }, {})).message).toMatch(/are not a usable PEM CA, certificate and key/);
  });

  it("DOCKER_TLS_VERIFY and DOCKER_CERT_PATH apply to DOCKER_HOST and -H, never to a profile's host", () => {
    const env = { DOCKER_HOST: "tcp://127.0.0.1", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs.dir };
    // certs.dir has ca.pem but no cert.pem/key.pem pair: docker then connects without a client certificate.
    expect(resolveEndpoint({}, env)).toMatchObject({ url: "tcp://127.0.0.1:2376", tls: { verify: true, files: { ca: certs.ca, cert: undefined } } });
    expect(resolveEndpoint({ host: "tcp://10.1.1.1:2376" }, env)).toMatchObject({ tls: { verify: true } });
    expect(resolveEndpoint({ host: "tcp://10.1.1.1:2376", source: "profile" }, env)).not.toHaveProperty("tls");
    expect(resolveEndpoint({}, { DOCKER_HOST: "tcp://127.0.0.1" })).toMatchObject({ url: "tcp://127.0.0.1:2375" });
  });

  it("turns a certificate that did not verify into one line naming the endpoint and the CA file (exit 3)", () => {
    const tls = resolveEndpoint({ host: "tcp://127.0.0.1:2376", tls: { ca: certs.wrongCa } }, {});
    if (tls.kind !== "tcp") throw new Error("tcp expected");
    for (const code of ["SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "ERR_TLS_CERT_ALTNAME_INVALID"]) {
      const error = tlsFailure(tls.url, tls.tls, Object.assign(new Error("nope"), { code }));
      expect(error).toMatchObject({ exitCode: 3, message: `Docker daemon at tcp://127.0.0.1:2376: its TLS certificate did not verify against the CA file ${certs.wrongCa} (nope)` });
    }
    expect(tlsFailure(tls.url, tls.tls, Object.assign(new Error("alert"), { code: "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" }))!.message).toBe("Docker daemon at tcp://127.0.0.1:2376 refused the connection: it wants a client certificate and none was given (alert)");
    expect(tlsFailure(tls.url, tls.tls, Object.assign(new Error("refused"), { code: "ECONNREFUSED" }))).toBeUndefined();
  });
});

describe("urls and options", () => {
  it("refuses bad endpoints, naming where they came from", () => {
    const cases: [string, RegExp][] = [
      ["unix://relative.sock", /a unix socket needs an absolute path/],
      ["http://x", /unsupported scheme http:\/\//],
      ["tcp://", /not a URL|no host/],
      ["tcp://h:2375/v1.41", /takes no path/],
      ["tcp://u@h:2375", /takes no user/],
      ["ssh://u:pw@h", /invalid ssh endpoint/],
    ];
    for (const [host, message] of cases) expect(thrown(() => resolveEndpoint({ host }, {}))).toMatchObject({ exitCode: 2, message: expect.stringMatching(message) });
    expect(thrown(() => resolveEndpoint({}, { DOCKER_HOST: "fd://" })).message).toBe('bad Docker endpoint "fd://" (DOCKER_HOST): unsupported scheme fd://');
    expect(thrown(() => resolveEndpoint({ host: "unix:///x.sock", tls: { ca: certs.ca } }, {})).message).toMatch(/TLS files apply to tcp:\/\/ endpoints only/);
  });

  it("takes a bare HOST:PORT as tcp, as docker does", () => {
    expect(resolveEndpoint({ host: "127.0.0.1:2375" }, {})).toMatchObject({ kind: "tcp", url: "tcp://127.0.0.1:2375" });
  });

  it("ssh: user, port, identity and known_hosts (relative to baseDir), and options no environment can override", () => {
    const resolved = resolveEndpoint({ host: "ssh://ops@build-1:2222", ssh: { identityFile: "keys/id", knownHosts: "/etc/kh" }, baseDir: "/profiles" }, {});
    expect(resolved).toEqual({ kind: "ssh", url: "ssh://ops@build-1:2222", ssh: { user: "ops", host: "build-1", port: 2222, identityFile: "/profiles/keys/id", knownHostsFile: "/etc/kh" }, source: "flag" });
    expect(resolveEndpoint({ host: "ssh://build-1" }, {}).url).toBe(`ssh://${userInfo().username}@build-1:22`);
    const options = dockerOptions(resolved) as Record<string, unknown>;
    expect(options).toMatchObject({ protocol: "http", host: "docker", port: 80, socketPath: undefined, ca: undefined });
    expect(options.agent).toBeDefined();
    for (const field of ["socketPath", "host", "port", "protocol", "ca", "cert", "key", "username", "pathPrefix"]) expect(Object.keys(dockerOptions(resolveEndpoint({ host: "unix:///x.sock" }, {})))).toContain(field);
  });
});
