// Creates a throwaway CA and a server certificate for a.test, b.test and
// 127.0.0.1 with the system openssl, in a temporary directory.

import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const OPENSSL = "/usr/bin/openssl";

export interface TestCertificates {
  caCert: string;
  serverKey: string;
  serverCert: string;
  serverExpiresAt: Date;
  remove(): void;
}

function openssl(directory: string, args: string[]): void {
  execFileSync(OPENSSL, args, { cwd: directory, stdio: "pipe" });
}

export function createTestCertificates(): TestCertificates {
  const directory = mkdtempSync(join(tmpdir(), "probe-certs-"));
  const ecKey = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

  openssl(directory, [
    "req", "-x509", ...ecKey, "-keyout", "ca.key", "-out", "ca.crt", "-days", "2",
    "-subj", "/CN=Probe Test CA",
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  openssl(directory, ["req", ...ecKey, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=a.test"]);
  writeFileSync(
    join(directory, "server.ext"),
    "subjectAltName=DNS:a.test,DNS:b.test,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
  );
  openssl(directory, [
    "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
    "-out", "server.crt", "-days", "30", "-extfile", "server.ext",
  ]);

  const serverCert = readFileSync(join(directory, "server.crt"), "utf8");
  return {
    caCert: readFileSync(join(directory, "ca.crt"), "utf8"),
    serverKey: readFileSync(join(directory, "server.key"), "utf8"),
    serverCert,
    serverExpiresAt: new Date(new X509Certificate(serverCert).validTo),
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}
