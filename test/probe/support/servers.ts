// Test servers on loopback addresses and a name resolver that maps test
// names to them. Every server tracks its sockets so close() cannot hang on a
// stalled connection.

import type { LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";

import type { ResolveHost } from "../../../src/probe/index.ts";

export interface RecordedRequest {
  method: string | undefined;
  url: string | undefined;
  host: string | undefined;
}

export interface TestServer {
  port: number;
  /** Sockets accepted so far. */
  connections: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

function track(server: net.Server, state: { connections: number }): Set<net.Socket> {
  const sockets = new Set<net.Socket>();
  server.on("connection", (socket: net.Socket) => {
    state.connections += 1;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return sockets;
}

async function listen(server: net.Server, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  return (server.address() as net.AddressInfo).port;
}

async function start(
  server: net.Server,
  host: string,
  requests: RecordedRequest[],
): Promise<TestServer> {
  const state = { connections: 0 };
  const sockets = track(server, state);
  const port = await listen(server, host);
  return {
    port,
    get connections() {
      return state.connections;
    },
    requests,
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

function recording(handler: Handler, requests: RecordedRequest[]): Handler {
  return (request, response) => {
    requests.push({ method: request.method, url: request.url, host: request.headers.host });
    handler(request, response);
  };
}

export function startHttpServer(handler: Handler, host = "127.0.0.1"): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  return start(http.createServer(recording(handler, requests)), host, requests);
}

export function startHttpsServer(
  credentials: { key: string; cert: string },
  handler: Handler,
  host = "127.0.0.1",
): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  return start(https.createServer(credentials, recording(handler, requests)), host, requests);
}

/** Starts a TCP server that accepts connections and never writes a byte. */
export function startSilentServer(host = "127.0.0.1"): Promise<TestServer> {
  return start(net.createServer(), host, []);
}

/** Returns a loopback port that was just bound and released, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server, "127.0.0.1");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Creates a resolver that maps test names to fixed addresses and records every lookup. */
export function mapResolver(names: Record<string, string | string[]>): ResolveHost & { lookups: string[] } {
  const lookups: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    lookups.push(hostname);
    const entry = names[hostname];
    if (entry === undefined) {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND", hostname });
    }
    const addresses = Array.isArray(entry) ? entry : [entry];
    return addresses.map((address) => ({ address, family: net.isIP(address) }));
  };
  return Object.assign(resolve, { lookups });
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1"]);

/**
 * Records every address the probe connects to and opens only loopback connections.
 * Any other address gets a socket that fails at once. A broken guard then
 * fails the test without sending a packet off the machine.
 */
export function recordingConnection(): ((options: net.NetConnectOpts) => net.Socket) & { hosts: string[] } {
  const hosts: string[] = [];
  const connect = (options: net.NetConnectOpts): net.Socket => {
    const host = String((options as net.TcpNetConnectOpts).host);
    hosts.push(host);
    if (LOOPBACK_HOSTS.has(host)) {
      return net.connect(options);
    }
    const socket = new net.Socket();
    queueMicrotask(() => socket.destroy(Object.assign(new Error(`Test connection to ${host} rejected: tests open loopback connections only`), { code: "ETEST" })));
    return socket;
  };
  return Object.assign(connect, { hosts });
}
