// The node:http server: routing, authentication, fault injection, the request log and shutdown.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

import { failureResponse, FaultQueue } from "./faults.ts";
import { MatrixHttpError, readJsonBody, sendResponse } from "./http.ts";
import { matchRoute } from "./routes.ts";
import type { HomeserverState, RequestContext } from "./state.ts";
import type { RequestRecord } from "./types.ts";

/** How long close() lets in-flight responses finish before it destroys their sockets. */
const CLOSE_GRACE_MS = 1000;

export class MatrixHttpServer {
  readonly requests: RequestRecord[] = [];
  readonly faults = new FaultQueue();
  private readonly server: Server;
  /** Aborted by close(): ends long-polls and drops requests held by hangNext(). */
  private readonly closing = new AbortController();
  private readonly inflight = new Set<Promise<void>>();
  private closed: Promise<void> | undefined;

  constructor(private readonly state: HomeserverState) {
    this.server = createServer((request, response) => {
      const done = this.dispatch(request, response);
      this.inflight.add(done);
      void done.finally(() => this.inflight.delete(done));
    });
  }

  /** Listens on an ephemeral port of 127.0.0.1 and returns the base URL. */
  listen(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => {
        const { port } = this.server.address() as AddressInfo;
        resolve(`http://127.0.0.1:${port}`);
      });
    });
  }

  /**
   * Stops accepting connections, ends pending long-polls with a 200 response of their current
   * content, drops requests held by hangNext() without a response, and destroys every socket,
   * including idle keep-alive ones. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closed ??= this.shutDown();
    return this.closed;
  }

  private async shutDown(): Promise<void> {
    const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.closing.abort();
    await Promise.race([Promise.allSettled([...this.inflight]), sleep(CLOSE_GRACE_MS)]);
    this.server.closeAllConnections();
    await serverClosed;
  }

  private async dispatch(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? "GET";
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const query = Object.fromEntries(url.searchParams);
    if ("access_token" in query) {
      query.access_token = "<redacted>";
    }
    const record: RequestRecord = { method, path: url.pathname, query, kind: "unrecognized" };
    this.requests.push(record);

    const clientGone = new AbortController();
    response.once("close", () => clientGone.abort());

    try {
      const match = matchRoute(method, url.pathname);
      if (match === undefined) {
        throw new MatrixHttpError(404, "M_UNRECOGNIZED", `Unrecognized request: ${method} ${url.pathname}`);
      }
      if (match === "wrong-method") {
        throw new MatrixHttpError(405, "M_UNRECOGNIZED", `Method ${method} is not allowed on ${url.pathname}`);
      }
      record.kind = match.route.kind;

      const body = method === "GET" ? undefined : await readJsonBody(request);
      if (body !== undefined) {
        record.body = body;
      }
      const { userId, accessToken } = match.route.requiresAuth
        ? this.authenticate(request, url)
        : { userId: "", accessToken: "" };
      if (userId !== "") {
        record.userId = userId;
      }

      // Faults apply after authentication, so a request with a bad token does not consume one.
      const fault = this.faults.take(match.route.kind);
      if (fault?.type === "fail") {
        const failure = failureResponse(fault.options);
        await this.respond(record, response, failure.status, failure.body, failure.headers);
        return;
      }
      if (fault?.type === "hang") {
        // A slow server still handles a request whose client gave up. So does this one, which
        // lets a test check that a retried send finds its transaction already stored.
        const completed = await sleep(fault.ms, true, { signal: this.closing.signal }).catch(() => false);
        if (!completed) {
          response.destroy();
          return;
        }
      }

      const ctx: RequestContext = {
        state: this.state,
        userId,
        accessToken,
        param: (name) => decodeParam(match.params, name),
        query: url.searchParams,
        body,
        signal: AbortSignal.any([this.closing.signal, clientGone.signal]),
      };
      const result = await match.route.handle(ctx);
      await this.respondJson(record, response, 200, result);
    } catch (error) {
      if (error instanceof MatrixHttpError) {
        await this.respondJson(record, response, error.status, error.toBody());
        return;
      }
      console.error(`Test homeserver failed on ${method} ${url.pathname}:`, error);
      const message = error instanceof Error ? error.message : String(error);
      await this.respondJson(record, response, 500, { errcode: "M_UNKNOWN", error: `Internal server error: ${message}` });
    }
  }

  /** Sends a response and records its status, unless the client has already disconnected. */
  private async respond(
    record: RequestRecord,
    response: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string>,
  ): Promise<void> {
    if (response.destroyed) {
      return;
    }
    record.status = status;
    await sendResponse(response, status, body, headers);
  }

  private respondJson(record: RequestRecord, response: ServerResponse, status: number, value: unknown): Promise<void> {
    return this.respond(record, response, status, JSON.stringify(value), { "Content-Type": "application/json" });
  }

  /** Resolves the access token, from the Authorization header or the access_token query parameter. */
  private authenticate(request: IncomingMessage, url: URL): { userId: string; accessToken: string } {
    const header = request.headers.authorization;
    const accessToken = header === undefined ? url.searchParams.get("access_token") : /^Bearer (\S+)$/.exec(header)?.[1];
    if (!accessToken) {
      throw new MatrixHttpError(401, "M_MISSING_TOKEN", "Missing access token: expected an Authorization: Bearer header");
    }
    const userId = this.state.accounts.userIdForToken(accessToken);
    if (userId === undefined) {
      throw new MatrixHttpError(401, "M_UNKNOWN_TOKEN", "Unrecognised access token", { soft_logout: false });
    }
    return { userId, accessToken };
  }
}

/**
 * Percent-decodes a path parameter. An optional parameter that the path left out is "";
 * a name the route does not declare is a bug in a handler and throws.
 */
function decodeParam(params: Record<string, string | undefined>, name: string): string {
  if (!(name in params)) {
    throw new Error(`Route has no path parameter "${name}"`);
  }
  const raw = params[name] ?? "";
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new MatrixHttpError(400, "M_INVALID_PARAM", `Invalid percent-encoding in path parameter ${name}: "${raw}"`);
  }
}
