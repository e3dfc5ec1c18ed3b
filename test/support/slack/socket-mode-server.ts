// A local Socket Mode endpoint: the WebSocket that apps.connections.open
// points a Slack app to. It greets each connection with "hello", sends
// envelopes (slash commands, interactions, events) and records the app's
// acknowledgements by envelope id.
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { TEST_WORKSPACE } from "./workspace.ts";

export type EnvelopeType = "slash_commands" | "interactive" | "events_api";

export interface SocketModeServer {
  /** ws:// URL for apps.connections.open to return. */
  url(): string;
  /** Resolves when an app has connected and received "hello". */
  connected(timeoutMs?: number): Promise<void>;
  /** Sends an envelope and resolves with the app's acknowledgement and the time it took. */
  send(type: EnvelopeType, payload: object, timeoutMs?: number): Promise<{ ack: Record<string, unknown>; elapsedMs: number }>;
  close(): Promise<void>;
}

export async function startSocketModeServer(): Promise<SocketModeServer> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const waiting = new Map<string, (ack: Record<string, unknown>) => void>();
  let socket: WebSocket | undefined;
  let onConnect: (() => void) | undefined;

  server.on("connection", (connection) => {
    socket = connection;
    connection.on("message", (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      const id = message.envelope_id;
      if (typeof id === "string") waiting.get(id)?.(message);
    });
    connection.send(JSON.stringify({ type: "hello", num_connections: 1, connection_info: { app_id: TEST_WORKSPACE.appId }, debug_info: { host: "local" } }));
    onConnect?.();
  });

  return {
    url: () => `ws://127.0.0.1:${port}/link?ticket=${randomUUID()}`,
    connected: (timeoutMs = 5_000) =>
      socket
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no Socket Mode connection within ${timeoutMs} ms`)), timeoutMs);
            onConnect = () => {
              clearTimeout(timer);
              resolve();
            };
          }),
    send: (type, payload, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        if (!socket) return reject(new Error("no Socket Mode connection"));
        const id = randomUUID();
        const started = performance.now();
        const timer = setTimeout(() => reject(new Error(`envelope ${id} not acknowledged within ${timeoutMs} ms`)), timeoutMs);
        waiting.set(id, (ack) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve({ ack, elapsedMs: performance.now() - started });
        });
        socket.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== "events_api" }));
      }),
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
