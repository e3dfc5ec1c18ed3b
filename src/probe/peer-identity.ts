// Host name check of a TLS handshake through the peer's X509Certificate.
//
// Node 20's TLS client calls getPeerCertificate(true) after every verified
// handshake, only to pass the result to checkServerIdentity(). That call
// decodes the whole chain into JavaScript objects with three fingerprints
// each, and cost about 13% of the prober's CPU time in a spread round of
// bench/probe.ts (CPU profile, 20% HTTPS targets). OpenSSL's own host check on
// the X509Certificate object gives the same verdict without that work.

import { X509Certificate } from "node:crypto";
import { isIP } from "node:net";
import type { PeerCertificate, TLSSocket } from "node:tls";

/** Error code that Node's tls.checkServerIdentity() uses for a name mismatch. */
const ALTNAME_INVALID = "ERR_TLS_CERT_ALTNAME_INVALID";

// Like tls.checkServerIdentity(): a wildcard covers exactly one whole left-most
// label, and the subject CN counts only when the certificate has no DNS name.
const HOST_CHECK = { subject: "default", wildcards: true, partialWildcards: false, multiLabelWildcards: false } as const;

class AltNameError extends Error {
  readonly code = ALTNAME_INVALID;

  constructor(hostname: string) {
    super(`Hostname/IP does not match certificate's altnames: ${hostname} is not in the certificate's names`);
    this.name = "AltNameError";
  }
}

const peerCertificates = new WeakMap<TLSSocket, X509Certificate | undefined>();

/**
 * Returns the peer's leaf certificate, read once per socket. In Node 20.20 a
 * second getPeerX509Certificate() call on a client socket returned undefined
 * (checked with a server that sends only its leaf certificate), so every
 * reader of a probe socket goes through this function.
 */
export function peerCertificateOf(socket: TLSSocket): X509Certificate | undefined {
  if (!peerCertificates.has(socket)) {
    peerCertificates.set(socket, socket.getPeerX509Certificate());
  }
  return peerCertificates.get(socket);
}

function checkName(certificate: X509Certificate | undefined, hostname: string): Error | undefined {
  if (certificate === undefined) return new AltNameError(hostname);
  const matched = isIP(hostname) === 0 ? certificate.checkHost(hostname, HOST_CHECK) : certificate.checkIP(hostname);
  return matched === undefined ? new AltNameError(hostname) : undefined;
}

/**
 * Returns tls.connect() options that check the host name on `socket()`'s
 * X509Certificate, and makes the socket skip building the JavaScript
 * certificate object during the handshake. Call `install` on the socket right
 * after tls.connect(). After 'secureConnect' or 'error', getPeerCertificate()
 * behaves as usual again.
 */
export function fastIdentityCheck(socket: () => TLSSocket): {
  checkServerIdentity: (hostname: string, certificate: PeerCertificate) => Error | undefined;
  install(secure: TLSSocket): void;
} {
  return {
    checkServerIdentity: (hostname) => checkName(peerCertificateOf(socket()), hostname),
    install(secure) {
      // Shadows the prototype method for this socket only. Node passes the
      // value to checkServerIdentity above, which ignores it.
      const placeholder = (() => ({})) as unknown as TLSSocket["getPeerCertificate"];
      secure.getPeerCertificate = placeholder;
      const restore = (): void => {
        if (secure.getPeerCertificate === placeholder) {
          delete (secure as Partial<Pick<TLSSocket, "getPeerCertificate">>).getPeerCertificate;
        }
      };
      secure.once("secureConnect", restore);
      secure.once("error", restore);
      secure.once("close", restore);
    },
  };
}
