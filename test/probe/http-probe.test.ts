import { Socket } from "node:net";

import { afterEach, describe, expect, test } from "vitest";

import { createAddressGuard, probe, type ProbeOptions } from "../../src/probe/index.ts";
import {
  closedPort,
  mapResolver,
  startHttpServer,
  startSilentServer,
  type TestServer,
} from "./support/servers.ts";

const servers: TestServer[] = [];

async function serve(server: Promise<TestServer>): Promise<TestServer> {
  const started = await server;
  servers.push(started);
  return started;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const loopbackOnly = createAddressGuard(["127.0.0.1/32", "::1/128"]);

function options(extra: ProbeOptions = {}): ProbeOptions {
  return {
    addressGuard: loopbackOnly,
    resolveHost: mapResolver({ "a.test": "127.0.0.1", "b.test": "127.0.0.1", "v6.test": "::1" }),
    ...extra,
  };
}

describe("probe over plain HTTP", () => {
  test("ok page reports timings", async () => {
    const server = await serve(startHttpServer((_request, response) => response.end("<h1>welcome</h1>")));

    const result = await probe({ id: "t1", url: `http://a.test:${server.port}/` }, options());

    expect(result.outcome).toBe("ok");
    expect(result.targetId).toBe("t1");
    expect(result.statusCode).toBe(200);
    expect(result.bytesRead).toBe("<h1>welcome</h1>".length);
    expect(result.bodyTruncated).toBe(false);
    expect(result.redirectCount).toBe(0);
    expect(result.resolvedAddresses).toEqual(["127.0.0.1"]);
    expect(result.address).toBe("127.0.0.1");
    expect(result.finalUrl).toBe(`http://a.test:${server.port}/`);
    expect(result.certificateExpiresAt).toBeNull();
    expect(result.timings.dnsMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.connectMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.tlsMs).toBeNull();
    expect(result.timings.firstByteMs).toBeGreaterThanOrEqual(0);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(result.timings.connectMs!);
    expect(result.startedAt).toBeInstanceOf(Date);
    expect(server.requests[0]?.host).toBe(`a.test:${server.port}`);
  });

  test("redirect across host names", async () => {
    const server = await serve(
      startHttpServer((request, response) => {
        if (request.headers.host?.startsWith("a.test")) {
          response.writeHead(301, { location: `http://b.test:${server.port}/home` });
          response.end("moved");
          return;
        }
        response.end("home");
      }),
    );
    const resolveHost = mapResolver({ "a.test": "127.0.0.1", "b.test": "127.0.0.1" });

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/` }, options({ resolveHost }));

    expect(result.outcome).toBe("ok");
    expect(result.redirectCount).toBe(1);
    expect(result.finalUrl).toBe(`http://b.test:${server.port}/home`);
    expect(server.requests.map((request) => request.host)).toEqual([
      `a.test:${server.port}`,
      `b.test:${server.port}`,
    ]);
    expect(resolveHost.lookups).toEqual(["a.test", "b.test"]);
    expect(result.hops.map((hop) => hop.statusCode)).toEqual([301, 200]);
    expect(server.connections).toBe(2);
  });

  test("redirect loop is detected", async () => {
    const server = await serve(
      startHttpServer((request, response) => {
        const next = request.url === "/one" ? "/two" : "/one";
        response.writeHead(302, { location: next });
        response.end();
      }),
    );

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/one` }, options());

    expect(result.outcome).toBe("redirect_loop");
    expect(result.redirectCount).toBe(1);
    expect(server.requests.map((request) => request.url)).toEqual(["/one", "/two"]);
  });

  test("too many redirects stops", async () => {
    const server = await serve(
      startHttpServer((request, response) => {
        const step = Number(request.url?.slice(1));
        response.writeHead(307, { location: `/${step + 1}` });
        response.end();
      }),
    );

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/0` }, options({ maxRedirects: 3 }));

    expect(result.outcome).toBe("too_many_redirects");
    expect(result.redirectCount).toBe(3);
    expect(server.requests).toHaveLength(4);
    expect(result.finalUrl).toBe(`http://a.test:${server.port}/3`);
  });

  test("http error status classified", async () => {
    const server = await serve(
      startHttpServer((_request, response) => {
        response.writeHead(503);
        response.end("busy");
      }),
    );

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/` }, options());

    expect(result.outcome).toBe("http_error");
    expect(result.statusCode).toBe(503);
  });

  test("explicit expected status accepted", async () => {
    const server = await serve(
      startHttpServer((_request, response) => {
        response.writeHead(503);
        response.end("maintenance");
      }),
    );

    const result = await probe(
      { id: "t", url: `http://a.test:${server.port}/`, expectedStatus: 503 },
      options(),
    );

    expect(result.outcome).toBe("ok");
  });

  test("keyword present passes", async () => {
    const server = await serve(startHttpServer((_request, response) => response.end("<title>Example ISP</title>")));

    const result = await probe(
      { id: "t", url: `http://a.test:${server.port}/`, keyword: "Example ISP" },
      options(),
    );

    expect(result.outcome).toBe("ok");
  });

  test("keyword missing classified", async () => {
    const server = await serve(startHttpServer((_request, response) => response.end("<title>Parked domain</title>")));

    const result = await probe(
      { id: "t", url: `http://a.test:${server.port}/`, keyword: "Example ISP" },
      options(),
    );

    expect(result.outcome).toBe("keyword_missing");
    expect(result.statusCode).toBe(200);
  });

  test("Shift_JIS keyword is decoded", async () => {
    // "あい" in Shift_JIS, surrounded by ASCII.
    const body = Buffer.concat([Buffer.from("<p>"), Buffer.from([0x82, 0xa0, 0x82, 0xa2]), Buffer.from("</p>")]);
    const server = await serve(
      startHttpServer((_request, response) => {
        response.writeHead(200, { "content-type": "text/html; charset=Shift_JIS" });
        response.end(body);
      }),
    );

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/`, keyword: "あい" }, options());

    expect(result.outcome).toBe("ok");
  });

  test("slow response classified slow", async () => {
    const server = await serve(
      startHttpServer((_request, response) => {
        setTimeout(() => response.end("late"), 150);
      }),
    );

    const result = await probe(
      { id: "t", url: `http://a.test:${server.port}/`, slowThresholdMs: 50 },
      options(),
    );

    expect(result.outcome).toBe("slow");
    expect(result.timings.totalMs).toBeGreaterThan(50);
  });

  test("endless body respects cap", async () => {
    const server = await serve(
      startHttpServer((_request, response) => {
        const chunk = Buffer.alloc(16 * 1024, "a");
        const pump = (): void => {
          while (!response.destroyed && response.write(chunk)) {
            // Keep writing until the socket buffer is full, then wait for 'drain'.
          }
        };
        response.on("drain", pump);
        response.on("error", () => {});
        pump();
      }),
    );
    const cap = 64 * 1024;

    const result = await probe(
      { id: "t", url: `http://a.test:${server.port}/` },
      options({ maxBodyBytes: cap, timeoutMs: 5_000 }),
    );

    expect(result.outcome).toBe("ok");
    expect(result.bytesRead).toBe(cap);
    expect(result.bodyTruncated).toBe(true);
    expect(result.timings.totalMs).toBeLessThan(5_000);
  });

  test("stalled body times out", async () => {
    const server = await serve(
      startHttpServer((_request, response) => {
        response.writeHead(200, { "content-length": "1000" });
        response.write("partial");
      }),
    );

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/`, timeoutMs: 300 }, options());

    expect(result.outcome).toBe("timeout");
    expect(result.timeoutPhase).toBe("body");
    expect(result.statusCode).toBe(200);
    expect(result.timings.totalMs).toBeGreaterThanOrEqual(290);
    expect(result.timings.totalMs).toBeLessThan(2_000);
  });

  test("silent server times out headers", async () => {
    const server = await serve(startSilentServer());

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/`, timeoutMs: 300 }, options());

    expect(result.outcome).toBe("timeout");
    expect(result.timeoutPhase).toBe("headers");
    expect(result.statusCode).toBeNull();
    expect(server.connections).toBe(1);
  });

  test("unanswered lookup times out dns", async () => {
    const resolveHost = () => new Promise<never>(() => {});

    const result = await probe({ id: "t", url: "http://a.test/", timeoutMs: 200 }, options({ resolveHost }));

    expect(result.outcome).toBe("timeout");
    expect(result.timeoutPhase).toBe("dns");
  });

  test("pending connect times out", async () => {
    // A socket that never connects simulates a SYN that gets no reply.
    const createConnection = () => new Socket();

    const result = await probe(
      { id: "t", url: "http://a.test:9/", timeoutMs: 200 },
      options({ createConnection }),
    );

    expect(result.outcome).toBe("timeout");
    expect(result.timeoutPhase).toBe("connect");
  });

  test("silent server times out tls", async () => {
    const server = await serve(startSilentServer());

    const result = await probe({ id: "t", url: `https://a.test:${server.port}/`, timeoutMs: 300 }, options());

    expect(result.outcome).toBe("timeout");
    expect(result.timeoutPhase).toBe("tls");
  });

  test("refused port classified", async () => {
    const port = await closedPort();

    const result = await probe({ id: "t", url: `http://a.test:${port}/` }, options());

    expect(result.outcome).toBe("connection_refused");
    expect(result.errorCode).toBe("ECONNREFUSED");
    expect(result.address).toBe("127.0.0.1");
  });

  test.each([
    { close: "reset", code: "ECONNRESET" },
    { close: "destroy", code: "UND_ERR_SOCKET" },
  ])("server $close is connection_reset", async ({ close, code }) => {
    const server = await serve(
      startHttpServer((request) => {
        if (close === "reset") {
          request.socket.resetAndDestroy();
        } else {
          request.socket.destroy();
        }
      }),
    );

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/` }, options());

    expect(result.outcome).toBe("connection_reset");
    expect(result.errorCode).toBe(code);
  });

  test("unknown name is dns failure", async () => {
    const result = await probe({ id: "t", url: "http://missing.test/" }, options());

    expect(result.outcome).toBe("dns_failure");
    expect(result.errorCode).toBe("ENOTFOUND");
    expect(result.address).toBeNull();
  });

  test.each(["not a url", "ftp://a.test/", "http://user:secret@a.test/"])("invalid url %s rejected", async (url) => {
    const result = await probe({ id: "t", url }, options());

    expect(result.outcome).toBe("invalid_url");
    expect(result.hops).toEqual([]);
  });

  test("redirect to other scheme rejected", async () => {
    const server = await serve(
      startHttpServer((_request, response) => {
        response.writeHead(302, { location: "ftp://a.test/file" });
        response.end();
      }),
    );

    const result = await probe({ id: "t", url: `http://a.test:${server.port}/` }, options());

    expect(result.outcome).toBe("invalid_url");
    expect(result.errorCode).toBe("INVALID_REDIRECT");
  });

  test("IPv6 name and literal", async () => {
    const server = await serve(startHttpServer((_request, response) => response.end("v6"), "::1"));

    const byName = await probe({ id: "t", url: `http://v6.test:${server.port}/` }, options());
    const byLiteral = await probe({ id: "t", url: `http://[::1]:${server.port}/` }, options());

    expect(byName.outcome).toBe("ok");
    expect(byName.address).toBe("::1");
    expect(byLiteral.outcome).toBe("ok");
    expect(byLiteral.address).toBe("::1");
    expect(server.requests.map((request) => request.host)).toEqual([
      `v6.test:${server.port}`,
      `[::1]:${server.port}`,
    ]);
  });

  test("invalid option throws RangeError", async () => {
    await expect(probe({ id: "t", url: "http://a.test/" }, options({ maxRedirects: -1 }))).rejects.toThrow(RangeError);
  });
});
