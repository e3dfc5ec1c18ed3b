import { X509Certificate } from "node:crypto";
import { Socket } from "node:net";
import { checkServerIdentity, TLSSocket } from "node:tls";

import { afterAll, beforeAll, describe, expect, test } from "vitest";

import { fastIdentityCheck, peerCertificateOf } from "../../src/probe/peer-identity.ts";
import { createTestCertificates, type TestCertificates } from "./support/certificates.ts";

let certificates: TestCertificates;
let certificate: X509Certificate;

beforeAll(() => {
  certificates = createTestCertificates();
  certificate = new X509Certificate(certificates.serverCert);
});

afterAll(() => {
  certificates.remove();
});

/** Creates a stand-in for a TLS socket after the handshake that counts its certificate reads. */
function handshakeSocket(peer: X509Certificate | undefined) {
  const socket = { reads: 0, getPeerX509Certificate: () => ((socket.reads += 1), peer) };
  return socket as typeof socket & TLSSocket;
}

describe("fast identity check", () => {
  // The test certificate names a.test, b.test and 127.0.0.1, with CN a.test.
  const hosts = ["a.test", "b.test", "A.TEST", "c.test", "sub.a.test", "test", "127.0.0.1", "127.0.0.2", "::1"];

  test.each(hosts)("%s matches Node's verdict", (host) => {
    const socket = handshakeSocket(certificate);
    const fast = fastIdentityCheck(() => socket).checkServerIdentity(host, {} as never);
    const node = checkServerIdentity(host, certificate.toLegacyObject());

    expect(fast === undefined).toBe(node === undefined);
    expect((fast as NodeJS.ErrnoException | undefined)?.code).toBe((node as NodeJS.ErrnoException | undefined)?.code);
  });

  test("missing certificate rejected", () => {
    const error = fastIdentityCheck(() => handshakeSocket(undefined)).checkServerIdentity("a.test", {} as never);

    expect((error as NodeJS.ErrnoException | undefined)?.code).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  test("certificate read once per socket", () => {
    const socket = handshakeSocket(certificate);

    fastIdentityCheck(() => socket).checkServerIdentity("a.test", {} as never);
    const later = peerCertificateOf(socket);

    expect(socket.reads).toBe(1);
    expect(later?.validTo).toBe(certificate.validTo);
  });

  test("placeholder removed after handshake", () => {
    const secure = new TLSSocket(new Socket());
    const original = secure.getPeerCertificate;

    fastIdentityCheck(() => secure).install(secure);
    expect(secure.getPeerCertificate).not.toBe(original);
    secure.emit("secureConnect");

    expect(secure.getPeerCertificate).toBe(original);
    secure.destroy();
  });
});
