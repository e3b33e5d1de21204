// Certificates made with openssl for TLS endpoint tests: a CA, a server certificate for 127.0.0.1, a client
// certificate, and a second, unrelated CA that must not verify the server.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { execa } from "execa";

export interface Certs {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** A CA that signed nothing here. */
  wrongCa: string;
}

const openssl = (cwd: string, ...args: string[]) => execa("openssl", args, { cwd, timeout: 30_000 });

async function selfSignedCa(dir: string, name: string): Promise<void> {
  await openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", `/CN=${name}`, "-keyout", `${name}-key.pem`, "-out", `${name}.pem`);
}

/** A key and a certificate signed by ca.pem, with the X.509 extensions given (as openssl's -extfile lines). */
async function signed(dir: string, name: string, extensions: string): Promise<void> {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  await openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", `/CN=${name}`, "-keyout", `${name}-key.pem`, "-out", `${name}.csr`);
  await openssl(dir, "x509", "-req", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-days", "2", "-extfile", `${name}.ext`, "-out", `${name}.pem`);
}

export async function makeCerts(dir: string): Promise<Certs> {
  mkdirSync(dir, { recursive: true });
  await selfSignedCa(dir, "ca");
  await selfSignedCa(dir, "wrong-ca");
  await signed(dir, "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  await signed(dir, "client", "extendedKeyUsage=clientAuth\n");
  const at = (file: string) => join(dir, file);
  return { dir, ca: at("ca.pem"), serverCert: at("server.pem"), serverKey: at("server-key.pem"), clientCert: at("client.pem"), clientKey: at("client-key.pem"), wrongCa: at("wrong-ca.pem") };
}
