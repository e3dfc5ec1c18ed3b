import type { TLSSocket } from "node:tls";

import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";

import { createAddressGuard, probe, type ProbeOptions } from "../../src/probe/index.ts";
import { createTestCertificates, type TestCertificates } from "./support/certificates.ts";
import { mapResolver, startHttpServer, startHttpsServer, type TestServer } from "./support/servers.ts";

let certificates: TestCertificates;
let server: TestServer;
const servernames: Array<string | false | null> = [];

beforeAll(() => {
  certificates = createTestCertificates();
});

afterAll(() => {
  certificates.remove();
});

afterEach(async () => {
  await server.close();
  servernames.length = 0;
});

async function startServer(): Promise<void> {
  server = await startHttpsServer(
    { key: certificates.serverKey, cert: certificates.serverCert },
    (request, response) => {
      servernames.push((request.socket as TLSSocket).servername);
      if (request.url === "/jump") {
        response.writeHead(302, { location: `https://b.test:${server.port}/` });
        response.end();
        return;
      }
      response.end("secure");
    },
  );
}

const options: ProbeOptions = {
  addressGuard: createAddressGuard(["127.0.0.1/32"]),
  resolveHost: mapResolver({ "a.test": "127.0.0.1", "b.test": "127.0.0.1", "c.test": "127.0.0.1" }),
};

describe("probe over TLS", () => {
  test("trusted CA gives ok", async () => {
    await startServer();

    const result = await probe({ id: "t", url: `https://a.test:${server.port}/`, ca: certificates.caCert }, options);

    expect(result.outcome).toBe("ok");
    expect(result.timings.tlsMs).toBeGreaterThan(0);
    expect(result.certificateExpiresAt?.toISOString()).toBe(certificates.serverExpiresAt.toISOString());
    expect(servernames).toEqual(["a.test"]);
    expect(server.requests[0]?.host).toBe(`a.test:${server.port}`);
  });

  test("engine-wide CA trusted", async () => {
    await startServer();

    const result = await probe({ id: "t", url: `https://a.test:${server.port}/` }, { ...options, ca: certificates.caCert });

    expect(result.outcome).toBe("ok");
  });

  test("unknown CA is tls_error", async () => {
    await startServer();

    const result = await probe({ id: "t", url: `https://a.test:${server.port}/` }, options);

    expect(result.outcome).toBe("tls_error");
    expect(result.errorCode).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    expect(result.certificateExpiresAt?.toISOString()).toBe(certificates.serverExpiresAt.toISOString());
    expect(server.connections).toBe(1);
    expect(server.requests).toHaveLength(0);
  });

  test("name mismatch is tls_error", async () => {
    await startServer();

    const result = await probe({ id: "t", url: `https://c.test:${server.port}/`, ca: certificates.caCert }, options);

    expect(result.outcome).toBe("tls_error");
    expect(result.errorCode).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
    expect(server.requests).toHaveLength(0);
  });

  test("plain HTTP reply is tls_error", async () => {
    server = await startHttpServer((_request, response) => response.end("not TLS"));

    const result = await probe({ id: "t", url: `https://a.test:${server.port}/`, ca: certificates.caCert }, options);

    expect(result.outcome).toBe("tls_error");
    expect(result.errorCode).toBe("ERR_SSL_WRONG_VERSION_NUMBER");
    expect(result.timings.tlsMs).toBeNull();
  });

  test("IP literal checks IP SAN", async () => {
    await startServer();

    const result = await probe({ id: "t", url: `https://127.0.0.1:${server.port}/`, ca: certificates.caCert }, options);

    expect(result.outcome).toBe("ok");
    expect(servernames).toEqual([false]);
  });

  test("redirect sends new SNI", async () => {
    await startServer();

    const result = await probe({ id: "t", url: `https://a.test:${server.port}/jump`, ca: certificates.caCert }, options);

    expect(result.outcome).toBe("ok");
    expect(result.redirectCount).toBe(1);
    expect(servernames).toEqual(["a.test", "b.test"]);
    expect(server.requests.map((request) => request.host)).toEqual([`a.test:${server.port}`, `b.test:${server.port}`]);
  });
});
