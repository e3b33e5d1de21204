// TLS for tcp:// Docker endpoints: the ca/cert/key files read and checked up front, and a failed handshake turned
// into one line that says which endpoint and which CA file (instead of Node's "self-signed certificate in chain").
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { createSecureContext } from "node:tls";
import { environmentError, inputError, type ReboundError } from "../errors.js";

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Check the daemon's certificate (against ca, or the system's CAs without one); off only when asked. */
  verify: boolean;
  files: { ca?: string; cert?: string; key?: string };
}

/**
 * Where the files came from decides the exit code when one cannot be read: named by the user (a flag, a profile)
 * is bad input (2); found through the environment (DOCKER_CERT_PATH, a context's TLS folder) is the environment (3).
 */
export type TlsOrigin = "input" | "environment";

const fail = (origin: TlsOrigin, message: string, suggestion?: string) => (origin === "input" ? inputError(message, suggestion) : environmentError(message, suggestion));

export function loadTls(files: TlsMaterial["files"], verify: boolean, origin: TlsOrigin, endpoint: string): TlsMaterial {
  if ((files.cert === undefined) !== (files.key === undefined)) {
    throw inputError(`TLS for ${endpoint}: a client certificate needs its key and a key its certificate (got ${files.cert ? `cert ${files.cert}` : `key ${files.key}`} only)`);
  }
  const read = (file: string | undefined) => {
    if (file === undefined) return undefined;
    try {
      return readFileSync(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw fail(origin, `TLS for ${endpoint}: cannot read ${file}: ${code === "ENOENT" ? "no such file" : code ?? (error as Error).message}`);
    }
  };
  const material: TlsMaterial = { ca: read(files.ca), cert: read(files.cert), key: read(files.key), verify, files };
  // OpenSSL parses them here, so a wrong file is found before any connection, naming the files, not at first use.
  try {
    // OpenSSL skips a CA that is no PEM certificate without a word (docker refuses it: "ca.pem seems invalid").
    if (material.ca) new X509Certificate(material.ca);
    createSecureContext({ ca: material.ca, cert: material.cert, key: material.key });
  } catch (error) {
    const named = [files.ca, files.cert, files.key].filter(Boolean).join(", ");
    throw fail(origin, `TLS for ${endpoint}: ${named} are not a usable PEM CA, certificate and key: ${(error as Error).message}`);
  }
  return material;
}

/** Node's codes for a daemon certificate that did not verify (openssl's X509 verify results, and the name check). */
const UNVERIFIED = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "INVALID_CA",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

/** The daemon refused rebound's client certificate (or its absence) with a TLS alert. */
const CLIENT_REJECTED = /^ERR_SSL_(TLSV13_ALERT_CERTIFICATE_REQUIRED|SSLV3_ALERT_BAD_CERTIFICATE|TLSV1_ALERT_UNKNOWN_CA|SSLV3_ALERT_CERTIFICATE_UNKNOWN|TLSV1_ALERT_DECRYPT_ERROR)$/;

/** OpenSSL's "80BC…:error:0A000412:SSL routines:ssl3_read_bytes:sslv3 alert bad certificate:file:line:…" as its reason. */
const reasonOf = (message: string | undefined): string => {
  const line = (message ?? "").trim().split("\n")[0]!;
  return /SSL routines:[^:]*:([^:]+):/.exec(line)?.[1] ?? line;
};

/** A TLS failure as an environment error naming the endpoint and the files; undefined for anything else. */
export function tlsFailure(endpoint: string, tls: TlsMaterial | undefined, error: unknown): ReboundError | undefined {
  const { code } = (error ?? {}) as NodeJS.ErrnoException;
  const message = reasonOf((error as Error | undefined)?.message);
  if (tls === undefined) {
    // Plain http to a daemon that only speaks TLS: dockerd answers 400 with this text.
    if (/HTTP request to an HTTPS server/i.test(message ?? "")) {
      return environmentError(`Docker daemon at ${endpoint} speaks TLS, and rebound was given no TLS files for it`, "give the CA (and a client certificate and key): --tls-ca, --tls-cert, --tls-key, or a profile's tls:");
    }
    return undefined;
  }
  if (code !== undefined && UNVERIFIED.has(code)) {
    const against = tls.files.ca ? `the CA file ${tls.files.ca}` : "the system's CAs (no CA file was given)";
    return environmentError(`Docker daemon at ${endpoint}: its TLS certificate did not verify against ${against} (${message})`, "is that the CA that signed the daemon's certificate, and is the endpoint's host in the certificate's subjectAltName?", error);
  }
  if (code !== undefined && CLIENT_REJECTED.test(code)) {
    const what = tls.files.cert ? `refused the client certificate ${tls.files.cert}` : "refused the connection: it wants a client certificate and none was given";
    return environmentError(`Docker daemon at ${endpoint} ${what} (${message})`, "give a client certificate and key signed by the CA the daemon trusts (its --tlscacert)", error);
  }
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || code === "EPROTO") {
    return environmentError(`Docker daemon at ${endpoint} did not answer the TLS handshake: is that port TLS? (${message})`, "a daemon without --tlsverify is plain http: tcp://HOST:2375 with no TLS files", error);
  }
  return undefined;
}
