// Benchmark target server, run as a child process so that its CPU time is
// not counted as the prober's. It listens on one 127.0.0.1 port per target,
// so every target is its own origin, and responds as profileOf() returns:
// after an added delay, with an error, by resetting, or never.
//
// IPC protocol (process.send): the parent sends { type: "start", count, key,
// cert } and gets { type: "ready", ports }; { type: "delays" } returns the
// delays actually added to normal targets since the last request; { type:
// "stop" } closes everything and exits.

import http from "node:http";
import https from "node:https";
import net from "node:net";

import { profileOf, type TargetProfile } from "./target-profile.ts";

interface StartMessage {
  type: "start";
  count: number;
  key: string;
  cert: string;
}

type ParentMessage = StartMessage | { type: "delays" } | { type: "stop" };

// About the size of a small corporate homepage's HTML.
const BODY = Buffer.from(
  `<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>例示</title></head><body>${"<p>お知らせ Notice 0123456789</p>".repeat(250)}</body></html>`,
);

const sockets = new Set<net.Socket>();
const listeners: net.Server[] = [];
const indexByPort = new Map<number, number>();
const profiles: TargetProfile[] = [];
/** [target index, delay in ms actually added] per normal response since the last "delays" request. */
let addedDelays: Array<[number, number]> = [];

function send(message: object): void {
  process.send!(message);
}

function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
  const index = indexByPort.get(request.socket.localPort ?? -1);
  const profile = index === undefined ? undefined : profiles[index];
  if (!profile || profile.kind === "hanging") {
    return;
  }
  const started = performance.now();
  setTimeout(() => {
    switch (profile.kind) {
      case "reset":
        request.socket.destroy();
        return;
      case "failing":
        response.writeHead(503, { "content-type": "text/plain" });
        response.end("maintenance");
        return;
      default:
        response.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": BODY.length });
        response.end(BODY);
        if (profile.kind === "normal") addedDelays.push([index!, performance.now() - started]);
    }
  }, profile.delayMs);
}

async function start(message: StartMessage): Promise<void> {
  const plain = http.createServer(handle);
  const secure = https.createServer({ key: message.key, cert: message.cert }, handle);

  const listenOne = (index: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const profile = profileOf(index);
      profiles[index] = profile;
      const listener = net.createServer((socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        // The HTTP and HTTPS servers take over the accepted TCP connection.
        (profile.https ? secure : plain).emit("connection", socket);
      });
      listener.once("error", reject);
      listener.listen(0, "127.0.0.1", 4096, () => {
        indexByPort.set((listener.address() as net.AddressInfo).port, index);
        listeners.push(listener);
        resolve();
      });
    });

  for (let first = 0; first < message.count; first += 500) {
    const batch = [];
    for (let index = first; index < Math.min(first + 500, message.count); index += 1) batch.push(listenOne(index));
    await Promise.all(batch);
  }
  const ports = new Array<number>(message.count);
  for (const [port, index] of indexByPort) ports[index] = port;
  send({ type: "ready", ports });
}

async function stop(): Promise<void> {
  for (const socket of sockets) socket.destroy();
  await Promise.all(listeners.map((listener) => new Promise((resolve) => listener.close(resolve))));
  process.exit(0);
}

process.on("message", (message: ParentMessage) => {
  switch (message.type) {
    case "start":
      start(message).catch((error: unknown) => {
        send({ type: "error", message: String(error) });
      });
      break;
    case "delays":
      send({ type: "delays", delays: addedDelays });
      addedDelays = [];
      break;
    case "stop":
      void stop();
      break;
  }
});

// The parent going away must not leave thousands of listening ports behind.
process.on("disconnect", () => void stop());
