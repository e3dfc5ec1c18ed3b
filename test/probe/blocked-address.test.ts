import { afterEach, describe, expect, test } from "vitest";

import { createAddressGuard, probe } from "../../src/probe/index.ts";
import { mapResolver, recordingConnection, startHttpServer, type TestServer } from "./support/servers.ts";

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("probe with address guard", () => {
  test("loopback rejected unless allowed", async () => {
    server = await startHttpServer((_request, response) => response.end("private"));
    const createConnection = recordingConnection();

    const result = await probe(
      { id: "t", url: `http://a.test:${server.port}/` },
      { resolveHost: mapResolver({ "a.test": "127.0.0.1" }), createConnection },
    );

    expect(result.outcome).toBe("blocked_address");
    expect(result.errorCode).toBe("loopback");
    expect(result.resolvedAddresses).toEqual(["127.0.0.1"]);
    expect(result.address).toBeNull();
    expect(createConnection.hosts).toEqual([]);
    expect(server.connections).toBe(0);
  });

  test.each([
    { address: "169.254.169.254", label: "cloud-metadata" },
    { address: "10.0.0.1", label: "private" },
    { address: "fd00:ec2::254", label: "cloud-metadata" },
  ])("resolved $address is never contacted", async ({ address, label }) => {
    const createConnection = recordingConnection();

    const result = await probe(
      { id: "t", url: "http://internal.test/" },
      { resolveHost: mapResolver({ "internal.test": address }), createConnection },
    );

    expect(result.outcome).toBe("blocked_address");
    expect(result.errorCode).toBe(label);
    expect(result.timings.connectMs).toBeNull();
    expect(createConnection.hosts).toEqual([]);
  });

  test("literal metadata URL rejected", async () => {
    const createConnection = recordingConnection();
    const resolveHost = mapResolver({});

    const result = await probe(
      { id: "t", url: "http://169.254.169.254/latest/meta-data/" },
      { resolveHost, createConnection },
    );

    expect(result.outcome).toBe("blocked_address");
    expect(result.errorCode).toBe("cloud-metadata");
    expect(resolveHost.lookups).toEqual([]);
    expect(createConnection.hosts).toEqual([]);
  });

  test("any blocked address rejects hop", async () => {
    const createConnection = recordingConnection();

    const result = await probe(
      { id: "t", url: "http://mixed.test/" },
      {
        addressGuard: createAddressGuard(["127.0.0.1/32"]),
        resolveHost: mapResolver({ "mixed.test": ["127.0.0.1", "10.0.0.1"] }),
        createConnection,
      },
    );

    expect(result.outcome).toBe("blocked_address");
    expect(result.errorCode).toBe("private");
    expect(result.resolvedAddresses).toEqual(["127.0.0.1", "10.0.0.1"]);
    expect(createConnection.hosts).toEqual([]);
  });

  test("redirect into metadata blocked", async () => {
    server = await startHttpServer((_request, response) => {
      response.writeHead(302, { location: "http://metadata.test/latest/meta-data/" });
      response.end();
    });
    const createConnection = recordingConnection();

    const result = await probe(
      { id: "t", url: `http://a.test:${server.port}/` },
      {
        addressGuard: createAddressGuard(["127.0.0.1/32"]),
        resolveHost: mapResolver({ "a.test": "127.0.0.1", "metadata.test": "169.254.169.254" }),
        createConnection,
      },
    );

    expect(result.outcome).toBe("blocked_address");
    expect(result.errorCode).toBe("cloud-metadata");
    expect(result.redirectCount).toBe(1);
    expect(result.finalUrl).toBe("http://metadata.test/latest/meta-data/");
    expect(createConnection.hosts).toEqual(["127.0.0.1"]);
  });
});
