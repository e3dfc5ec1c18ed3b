// The operations endpoints: /healthz (liveness), /readyz (readiness) and
// /metrics (Prometheus text format). They are served either as Bolt
// customRoutes on the Slack HTTP receiver, or by a node:http server of their
// own when Slack does not run in HTTP mode.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { CustomRoute } from "@slack/bolt";
import type { Registry } from "prom-client";
import { opsRegistry } from "./metrics.ts";
import { checkReadiness, type ReadinessOptions } from "./readiness.ts";

export const OPS_PATHS = { health: "/healthz", ready: "/readyz", metrics: "/metrics" } as const;

const METHODS = ["GET", "HEAD"];

export interface OpsEndpointOptions extends ReadinessOptions {
  /** Registry served on /metrics, by default the bot's own registry. */
  registry?: Registry;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

function createHandlers(options: OpsEndpointOptions): Map<string, Handler> {
  const registry = options.registry ?? opsRegistry;
  return new Map<string, Handler>([
    // A response shows that the event loop runs. Nothing else is checked.
    [OPS_PATHS.health, async (_request, response) => send(response, 200, "text/plain; charset=utf-8", "ok\n")],
    [
      OPS_PATHS.ready,
      async (_request, response) => {
        const report = await checkReadiness(options);
        const body = JSON.stringify({ status: report.ready ? "ready" : "not ready", ...report });
        send(response, report.ready ? 200 : 503, "application/json; charset=utf-8", `${body}\n`);
      },
    ],
    [OPS_PATHS.metrics, async (_request, response) => send(response, 200, registry.contentType, await registry.metrics())],
  ]);
}

function send(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "Content-Type": contentType, "Cache-Control": "no-store" });
  response.end(body);
}

/** Wraps a handler so that an error becomes a logged 500 instead of an unhandled rejection. */
function guarded(handler: Handler, path: string, options: OpsEndpointOptions): Handler {
  return async (request, response) => {
    try {
      await handler(request, response);
    } catch (error) {
      options.logger?.error({ err: error, path }, "operations endpoint failed");
      if (!response.headersSent) send(response, 500, "text/plain; charset=utf-8", "internal error\n");
      else response.destroy();
    }
  };
}

/** Returns the three endpoints as Bolt customRoutes, for the Slack HTTP receiver. */
export function opsRoutes(options: OpsEndpointOptions): CustomRoute[] {
  return [...createHandlers(options)].map(([path, handler]) => {
    const safe = guarded(handler, path, options);
    return { path, method: METHODS, handler: (request, response) => void safe(request, response) };
  });
}

export interface OpsServerOptions extends OpsEndpointOptions {
  /** Interface to listen on. Default 127.0.0.1, so only local scrapers and health checks reach it. */
  host?: string;
  /** TCP port, or 0 for a free one. */
  port: number;
}

export interface OpsServer {
  readonly server: Server;
  /** The port listened on, also when 0 was requested. */
  readonly port: number;
  /** Base URL, such as http://127.0.0.1:9464. */
  readonly url: string;
  /** Stops accepting connections, closes open ones and resolves when the server is closed. */
  close(): Promise<void>;
}

/** Starts a node:http server that serves the three endpoints and responds with 404 or 405 to anything else. */
export async function startOpsServer(options: OpsServerOptions): Promise<OpsServer> {
  const host = options.host ?? "127.0.0.1";
  const handlers = new Map([...createHandlers(options)].map(([path, handler]) => [path, guarded(handler, path, options)]));

  const server = createServer((request, response) => {
    const path = new URL(request.url ?? "/", "http://localhost").pathname;
    const handler = handlers.get(path);
    if (!handler) return send(response, 404, "text/plain; charset=utf-8", "not found\n");
    if (!METHODS.includes(request.method ?? "")) {
      response.setHeader("Allow", METHODS.join(", "));
      return send(response, 405, "text/plain; charset=utf-8", "method not allowed\n");
    }
    void handler(request, response);
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  options.logger?.info({ host, port, paths: Object.values(OPS_PATHS) }, "operations server listening");

  return {
    server,
    port,
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Scrapers keep connections alive, and close() alone would wait for them.
        server.closeAllConnections();
      }),
  };
}
