// Target server of the detection benchmark, run as a child process so that
// its CPU time is not counted as the prober's. It listens on one loopback
// address and port per target (and canary) and plays the behaviour the
// parent set for the current round.
//
// IPC protocol (process.send). The reply to { type: "start", addresses } is
// { type: "ready", ports }. { type: "set", behaviours: [[index, behaviour]] }
// sets the listed listeners and resets all others to "ok", then replies
// { type: "set-done" }. { type: "stop" } closes everything and exits.

import http from "node:http";
import net from "node:net";

import { SLOW_DELAY_MS, type Behaviour } from "./detect-behaviour.ts";

type ParentMessage =
  | { type: "start"; addresses: string[] }
  | { type: "set"; behaviours: Array<[number, Behaviour]> }
  | { type: "stop" };

interface Listener {
  address: string;
  port: number;
  server: net.Server | null;
  sockets: Set<net.Socket>;
  behaviour: Behaviour;
}

const PAGE = Buffer.from(`<!doctype html><html lang="en"><head><title>Operator</title></head><body>${"<p>Notice 0123456789</p>".repeat(80)}</body></html>`);

const listeners: Listener[] = [];
const byLocalEnd = new Map<string, Listener>();
const httpServer = http.createServer(handle);

function send(message: object): void {
  process.send!(message);
}

function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
  const listener = byLocalEnd.get(`${request.socket.localAddress}:${request.socket.localPort}`);
  switch (listener?.behaviour ?? "ok") {
    case "hang":
      return;
    case "reset":
      request.socket.resetAndDestroy();
      return;
    case "http503":
      response.writeHead(503, { "content-type": "text/plain" });
      response.end("service unavailable");
      return;
    case "slow":
      setTimeout(() => {
        response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": PAGE.length });
        response.end(PAGE);
      }, SLOW_DELAY_MS);
      return;
    default:
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": PAGE.length });
      response.end(PAGE);
  }
}

function listen(listener: Listener): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => {
      listener.sockets.add(socket);
      socket.on("close", () => listener.sockets.delete(socket));
      socket.on("error", () => {});
      // The HTTP server takes over the accepted TCP connection.
      httpServer.emit("connection", socket);
    });
    server.once("error", reject);
    server.listen(listener.port, listener.address, 511, () => {
      listener.port = (server.address() as net.AddressInfo).port;
      listener.server = server;
      byLocalEnd.set(`${listener.address}:${listener.port}`, listener);
      resolve();
    });
  });
}

/** Stops listening, so new connections are refused, and drops open connections. */
function unlisten(listener: Listener): Promise<void> {
  const server = listener.server;
  listener.server = null;
  for (const socket of listener.sockets) socket.destroy();
  return new Promise((resolve) => (server === null ? resolve() : server.close(() => resolve())));
}

async function start(addresses: string[]): Promise<void> {
  for (const address of addresses) {
    const listener: Listener = { address, port: 0, server: null, sockets: new Set(), behaviour: "ok" };
    listeners.push(listener);
    await listen(listener);
  }
  send({ type: "ready", ports: listeners.map((listener) => listener.port) });
}

async function setBehaviours(entries: Array<[number, Behaviour]>): Promise<void> {
  const next = new Map(entries);
  const changes: Array<Promise<void>> = [];
  for (const [index, listener] of listeners.entries()) {
    const behaviour = next.get(index) ?? "ok";
    if (behaviour === "refused" && listener.server !== null) changes.push(unlisten(listener));
    // The same port again, so the target's URL stays valid.
    if (behaviour !== "refused" && listener.server === null) changes.push(listen(listener));
    listener.behaviour = behaviour;
  }
  await Promise.all(changes);
  send({ type: "set-done" });
}

async function stop(): Promise<void> {
  await Promise.all(listeners.map(unlisten));
  process.exit(0);
}

process.on("message", (message: ParentMessage) => {
  const fail = (error: unknown) => send({ type: "error", message: String(error) });
  switch (message.type) {
    case "start":
      start(message.addresses).catch(fail);
      break;
    case "set":
      setBehaviours(message.behaviours).catch(fail);
      break;
    case "stop":
      void stop();
      break;
  }
});

// The parent going away must not leave listening ports behind.
process.on("disconnect", () => void stop());
