// Connect and TLS steps of a hop, as an undici connector. It connects to the
// address that the guard already checked, never to the URL's host name, and
// stamps the connect, TLS and first-byte times of the hop.

import type { LookupAddress } from "node:dns";
import type { Socket } from "node:net";
import { connect as connectTls, type TLSSocket } from "node:tls";

import type { buildConnector } from "undici";

import type { ProbeDeadline } from "./deadline.ts";
import { fastIdentityCheck, peerCertificateOf } from "./peer-identity.ts";
import { secureContextFor } from "./secure-context.ts";
import type { CreateConnection } from "./types.ts";

/** performance.now() stamps of one hop, each null until its step is reached. */
export interface HopMarks {
  dnsStart: number;
  dnsEnd: number | null;
  connectStart: number | null;
  connectEnd: number | null;
  tlsEnd: number | null;
  firstByte: number | null;
}

/** Error for a completed TLS handshake whose certificate failed verification. `code` is the OpenSSL or Node code. */
export class TlsVerificationError extends Error {
  constructor(
    readonly code: string,
    hostname: string,
  ) {
    super(`TLS certificate of ${hostname} was rejected: ${code}`);
    this.name = "TlsVerificationError";
  }
}

export interface HopConnectorOptions {
  address: LookupAddress;
  port: number;
  secure: boolean;
  /** Name sent as SNI and checked against the certificate, or undefined when the URL host is an IP literal. */
  servername: string | undefined;
  ca: string | readonly string[] | undefined;
  deadline: ProbeDeadline;
  marks: HopMarks;
  createConnection: CreateConnection;
  onCertificate(expiresAt: Date | null): void;
}

function certificateExpiry(socket: TLSSocket): Date | null {
  // The X509Certificate is much cheaper than getPeerCertificate(), which also computes three fingerprints.
  const validTo = peerCertificateOf(socket)?.validTo;
  if (!validTo) {
    return null;
  }
  const expiresAt = new Date(validTo);
  return Number.isNaN(expiresAt.getTime()) ? null : expiresAt;
}

function stampFirstByte(socket: Socket, marks: HopMarks): void {
  // The 'readable' event also fires at end of stream, so it counts only when data is buffered.
  const onReadable = (): void => {
    if (socket.readableLength > 0) {
      marks.firstByte = performance.now();
      socket.removeListener("readable", onReadable);
    }
  };
  socket.on("readable", onReadable);
}

/**
 * Creates a connector for one undici Client. It ignores the host name that
 * undici passes and connects to `options.address`. undici still sends the
 * URL's host in the Host header.
 */
export function createHopConnector(options: HopConnectorOptions): buildConnector.connector {
  const { address, port, deadline, marks } = options;

  return (_undiciOptions, callback) => {
    let settled = false;
    const sockets: Socket[] = [];

    const finish = (error: Error | null, socket?: Socket): void => {
      if (settled) {
        return;
      }
      settled = true;
      deadline.signal.removeEventListener("abort", onAbort);
      if (error || !socket) {
        // Destroy only the outermost socket, because a TLSSocket closes the TCP socket it wraps.
        // Destroying both crashed Node 20.20 with a segmentation fault in the TLS tests.
        sockets.at(-1)?.destroy();
        callback(error ?? new Error("connector finished without a socket"), null);
        return;
      }
      deadline.phase = "headers";
      stampFirstByte(socket, marks);
      callback(null, socket);
    };
    const onAbort = (): void => finish(deadline.signal.reason as Error);

    if (deadline.signal.aborted) {
      onAbort();
      return;
    }
    deadline.signal.addEventListener("abort", onAbort, { once: true });

    deadline.phase = "connect";
    marks.connectStart = performance.now();
    const tcp = options.createConnection({ host: address.address, port, family: address.family, noDelay: true });
    sockets.push(tcp);
    // The listener stays for the socket's lifetime so that a late error cannot go unhandled.
    tcp.on("error", (error) => finish(error));

    tcp.once("connect", () => {
      marks.connectEnd = performance.now();
      if (!options.secure) {
        finish(null, tcp);
        return;
      }

      deadline.phase = "tls";
      // Verification runs below, after the handshake, instead of through
      // rejectUnauthorized, so that the certificate expiry is recorded even for
      // a rejected certificate. No request byte is sent on a rejected socket.
      const identity = fastIdentityCheck(() => secure);
      const secure = connectTls({
        socket: tcp,
        host: address.address,
        servername: options.servername,
        secureContext: secureContextFor(options.ca),
        ALPNProtocols: ["http/1.1"],
        rejectUnauthorized: false,
        checkServerIdentity: identity.checkServerIdentity,
      });
      identity.install(secure);
      sockets.push(secure);
      secure.on("error", (error) => finish(error));

      secure.once("secureConnect", () => {
        marks.tlsEnd = performance.now();
        options.onCertificate(certificateExpiry(secure));
        if (!secure.authorized) {
          const code = String(secure.authorizationError ?? "CERT_REJECTED");
          finish(new TlsVerificationError(code, options.servername ?? address.address));
          return;
        }
        finish(null, secure);
      });
    });
  };
}
