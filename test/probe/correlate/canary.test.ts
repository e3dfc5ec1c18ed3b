// Tests of the own-network canaries: the loss threshold, host:port parsing,
// and real checks against servers on 127.0.0.1 that this file starts.

import { afterEach, describe, expect, it } from "vitest";

import { createAddressGuard } from "../../../src/probe/address-guard.ts";
import { checkCanaries, connectivityLost, parseHostPort, type CanaryDeps, type CanaryResult, type CanarySettings } from "../../../src/probe/correlate/canary.ts";
import { closedPort, mapResolver, startHttpServer, startSilentServer, type TestServer } from "../support/servers.ts";

function result(ok: boolean): CanaryResult {
  return { canary: "192.0.2.53:53", ok, failure: ok ? null : "timeout", totalMs: 10 };
}

function results(failed: number, passed: number): CanaryResult[] {
  return [...Array.from({ length: failed }, () => result(false)), ...Array.from({ length: passed }, () => result(true))];
}

describe("connectivityLost", () => {
  it("blocked canaries are left out", () => {
    const blocked: CanaryResult = { canary: "http://127.70.1.1/", ok: false, failure: "blocked_address", totalMs: 0 };

    expect(connectivityLost([blocked, result(true)], 0.5)).toBe(false);
    expect(connectivityLost([blocked], 0.5)).toBe(false);
    expect(connectivityLost([blocked, result(false)], 0.5)).toBe(true);
  });

  it.each([
    { name: "no canaries", results: results(0, 0), failShare: 0.5, lost: false },
    { name: "no canaries, tiny share", results: results(0, 0), failShare: 0.01, lost: false },
    { name: "all canaries ok", results: results(0, 2), failShare: 0.5, lost: false },
    { name: "share at threshold", results: results(1, 1), failShare: 0.5, lost: true },
    { name: "share below threshold", results: results(1, 2), failShare: 0.5, lost: false },
    { name: "share just below threshold", results: results(1, 1), failShare: 0.51, lost: false },
    { name: "two of four failed", results: results(2, 2), failShare: 0.5, lost: true },
    { name: "all failed, share one", results: results(3, 0), failShare: 1, lost: true },
    { name: "one ok, share one", results: results(2, 1), failShare: 1, lost: false },
  ])("$name", ({ results: checked, failShare, lost }) => {
    expect(connectivityLost(checked, failShare)).toBe(lost);
  });
});

describe("parseHostPort", () => {
  it.each([
    { value: "192.0.2.53:53", host: "192.0.2.53", port: 53 },
    { value: "[2001:db8::53]:53", host: "2001:db8::53", port: 53 },
    { value: "resolver.test:853", host: "resolver.test", port: 853 },
    { value: "resolver.test:1", host: "resolver.test", port: 1 },
    { value: "resolver.test:65535", host: "resolver.test", port: 65_535 },
  ])("valid $value", ({ value, host, port }) => {
    expect(parseHostPort(value)).toEqual({ host, port });
  });

  it.each([
    "resolver.test:0",
    "resolver.test:65536",
    "resolver.test:123456",
    "resolver.test",
    "resolver.test:",
    "resolver.test:53x",
    ":53",
    "2001:db8::53:53",
    "[2001:db8::53]",
    "",
  ])("invalid %j", (value) => {
    expect(() => parseHostPort(value)).toThrow(RangeError);
  });
});

describe("checkCanaries on loopback", () => {
  const servers: TestServer[] = [];
  const loopbackOnly = createAddressGuard(["127.0.0.1/32"]);

  async function serve(server: Promise<TestServer>): Promise<TestServer> {
    const started = await server;
    servers.push(started);
    return started;
  }

  function settings(canaries: Partial<CanarySettings>): CanarySettings {
    return { urls: [], tcp: [], failShare: 0.5, timeoutMs: 2_000, ...canaries };
  }

  async function checkOne(canaries: Partial<CanarySettings>, deps: Partial<CanaryDeps> = {}): Promise<CanaryResult> {
    const checked = await checkCanaries(settings(canaries), { addressGuard: loopbackOnly, ...deps });
    expect(checked).toHaveLength(1);
    return checked[0]!;
  }

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it.each([
    { name: "status 200", status: 200 },
    { name: "status 500", status: 500 },
    { name: "status 404", status: 404 },
  ])("URL canary ok, $name", async ({ status }) => {
    const server = await serve(
      startHttpServer((_request, response) => {
        response.statusCode = status;
        response.end("canary");
      }),
    );
    const url = `http://127.0.0.1:${server.port}/`;

    const checked = await checkOne({ urls: [url] });

    expect(checked.canary).toBe(url);
    expect(checked.ok).toBe(true);
    expect(checked.failure).toBeNull();
  });

  it("URL canary refused port", async () => {
    const url = `http://127.0.0.1:${await closedPort()}/`;

    const checked = await checkOne({ urls: [url] });

    expect(checked.ok).toBe(false);
    expect(checked.failure).toBe("connection_refused");
  });

  it("TCP canary listener ok", async () => {
    const server = await serve(startSilentServer());
    const canary = `127.0.0.1:${server.port}`;

    const checked = await checkOne({ tcp: [canary] });

    expect(checked.canary).toBe(canary);
    expect(checked.ok).toBe(true);
    expect(checked.failure).toBeNull();
    await expect.poll(() => server.connections).toBe(1);
  });

  it("TCP canary by name", async () => {
    const server = await serve(startSilentServer());

    const checked = await checkOne({ tcp: [`canary.test:${server.port}`] }, { resolveHost: mapResolver({ "canary.test": "127.0.0.1" }) });

    expect(checked.ok).toBe(true);
  });

  it("TCP canary refused port", async () => {
    const checked = await checkOne({ tcp: [`127.0.0.1:${await closedPort()}`] });

    expect(checked.ok).toBe(false);
    expect(checked.failure).toBe("ECONNREFUSED");
  });

  it("TCP canary blocked address", async () => {
    const server = await serve(startSilentServer());

    // No allowed range, so the guard rejects 127.0.0.1 as loopback before any connect.
    const checked = await checkOne({ tcp: [`127.0.0.1:${server.port}`] }, { addressGuard: createAddressGuard([]) });

    expect(checked.ok).toBe(false);
    expect(checked.failure).toBe("blocked_address");
    expect(server.connections).toBe(0);
  });

  it("TCP canary invalid value", async () => {
    const checked = await checkOne({ tcp: ["not-a-host-port"] });

    expect(checked.ok).toBe(false);
    expect(checked.failure).toBe("error");
  });

  it("mixed canaries lose connectivity", async () => {
    const http = await serve(startHttpServer((_request, response) => response.end("canary")));
    const tcp = await serve(startSilentServer());
    const refused = await closedPort();
    const canaries = settings({
      urls: [`http://127.0.0.1:${http.port}/`, `http://127.0.0.1:${refused}/`],
      tcp: [`127.0.0.1:${tcp.port}`, `127.0.0.1:${refused}`],
    });

    const checked = await checkCanaries(canaries, { addressGuard: loopbackOnly });

    expect(checked.map((entry) => entry.canary)).toEqual([...canaries.urls, ...canaries.tcp]);
    expect(checked.map((entry) => entry.ok)).toEqual([true, false, true, false]);
    expect(connectivityLost(checked, canaries.failShare)).toBe(true);
  });
});
