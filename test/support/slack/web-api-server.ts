import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

import { BodyTooLargeError, mediaTypeOf, parseApiBody, readRequestText } from "./request-body.ts";
import { FakeSlackWorkspace, type ApiResult, type FakeSlackWorkspaceOptions } from "./web-api-methods.ts";
import { TEST_WORKSPACE } from "./workspace.ts";

/** Method name under which posts to a response URL are recorded. Slack method names always contain a dot, so it cannot clash. */
export const RESPONSE_URL_METHOD = "response_url";

export interface SlackApiServerOptions extends FakeSlackWorkspaceOptions {
  /** Accepted bearer token or tokens. Defaults to TEST_WORKSPACE.botToken. */
  token?: string | readonly string[];
}

/**
 * A queued fault for one request. `{ status }` sends that HTTP status: 429 with the
 * body `{ ok: false, error: "ratelimited" }` and a Retry-After header when
 * retryAfterSeconds is set, any other status with `body` as plain text.
 * `{ error }` sends HTTP 200 with `{ ok: false, error }`, as Slack reports method errors.
 */
export type SlackApiFault = { status: number; retryAfterSeconds?: number; body?: string } | { error: string };

export type CallOutcome =
  | { kind: "pending" }
  | { kind: "responded"; status: number; ok: boolean; error?: string; injected: boolean; response: unknown }
  | { kind: "aborted" };

/** A request that the server received, recorded before the server responds. */
export interface RecordedCall {
  /** Web API method such as "chat.postMessage", or RESPONSE_URL_METHOD. */
  method: string;
  /** Parsed body. Form fields that Slack takes as JSON (blocks, view, ...) are parsed into objects. */
  body: Record<string, unknown>;
  /** Bearer token from the Authorization header, or the form field `token` when the header is missing. */
  token: string | undefined;
  contentType: string | undefined;
  /** Time the request was received, in milliseconds since the Unix epoch. */
  at: number;
  /** Response URL id, set only for RESPONSE_URL_METHOD. */
  responseId?: string;
  /** Delay added by hangNext, in milliseconds. */
  delayMs?: number;
  outcome: CallOutcome;
}

export interface SlackApiServer {
  /** Base URL of the Web API, with a trailing slash, to pass as WebClient's `slackApiUrl`. */
  readonly url: string;
  /** Scheme, host and port, such as "http://127.0.0.1:40123". */
  readonly origin: string;
  /** Every request received since start or the last reset(), in arrival order, failed ones included. */
  readonly calls: readonly RecordedCall[];
  readonly workspace: FakeSlackWorkspace;
  callsTo(method: string): RecordedCall[];
  /** Polls until `count` calls to `method` were received, and returns them. Rejects after timeoutMs, listing what arrived. */
  waitForCalls(method: string, count: number, timeoutMs?: number): Promise<RecordedCall[]>;
  /** Returns a response URL on this server. Each call without an id returns a new one. */
  responseUrl(id?: string): string;
  /** Queues a fault for the next request to `method`. Faults and hangs for one method are used in the order queued. */
  failNext(method: string, fault: SlackApiFault): void;
  /** Queues a delay of `ms` milliseconds for the next request to `method`, which then gets its normal response. */
  hangNext(method: string, ms: number): void;
  /** Clears recorded calls and queued faults. Message timestamps and view hashes keep counting. */
  reset(): void;
  /** Stops the server and destroys open sockets, held requests included. Calling it again does nothing. */
  close(): Promise<void>;
}

type QueuedFault = { kind: "fail"; fault: SlackApiFault } | { kind: "hang"; delayMs: number };

const DEFAULT_WAIT_TIMEOUT_MS = 5_000;
const WAIT_POLL_INTERVAL_MS = 10;

/** Starts a Slack Web API stand-in on 127.0.0.1 at a free port. */
export async function startSlackApiServer(options: SlackApiServerOptions = {}): Promise<SlackApiServer> {
  const server = new LocalSlackApiServer(options);
  await server.listen();
  return server;
}

class LocalSlackApiServer implements SlackApiServer {
  readonly workspace: FakeSlackWorkspace;
  private readonly httpServer: Server;
  private readonly acceptedTokens: ReadonlySet<string>;
  private readonly recordedCalls: RecordedCall[] = [];
  private readonly faults = new Map<string, QueuedFault[]>();
  private readonly closing = new AbortController();
  private responseUrlCount = 0;
  private port = 0;

  constructor(options: SlackApiServerOptions) {
    this.workspace = new FakeSlackWorkspace(options);
    const token = options.token ?? TEST_WORKSPACE.botToken;
    this.acceptedTokens = new Set(typeof token === "string" ? [token] : token);
    this.httpServer = createServer((request, response) => {
      this.handleRequest(request, response).catch((error: unknown) => {
        console.error("local Slack API server failed to handle a request:", error);
        if (!response.headersSent) {
          sendText(response, 500, "local Slack API server error");
        } else {
          response.destroy();
        }
      });
    });
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.httpServer.once("error", reject);
      this.httpServer.listen(0, "127.0.0.1", () => {
        this.httpServer.off("error", reject);
        resolve();
      });
    });
    this.port = (this.httpServer.address() as AddressInfo).port;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get url(): string {
    return `${this.origin}/api/`;
  }

  get calls(): readonly RecordedCall[] {
    return this.recordedCalls;
  }

  callsTo(method: string): RecordedCall[] {
    return this.recordedCalls.filter((call) => call.method === method);
  }

  async waitForCalls(method: string, count: number, timeoutMs = DEFAULT_WAIT_TIMEOUT_MS): Promise<RecordedCall[]> {
    const deadline = Date.now() + timeoutMs;
    while (true) {
      const matching = this.callsTo(method);
      if (matching.length >= count) {
        return matching;
      }
      if (Date.now() >= deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${count} call(s) to ${method}, ` +
            `received ${matching.length}. All calls received: ${describeCalls(this.recordedCalls)}`,
        );
      }
      await sleep(WAIT_POLL_INTERVAL_MS);
    }
  }

  responseUrl(id?: string): string {
    let responseId = id;
    if (responseId === undefined) {
      this.responseUrlCount += 1;
      responseId = `R${this.responseUrlCount}`;
    }
    return `${this.origin}/response/${encodeURIComponent(responseId)}`;
  }

  failNext(method: string, fault: SlackApiFault): void {
    if ("status" in fault && (!Number.isInteger(fault.status) || fault.status < 300 || fault.status > 599)) {
      throw new Error(`invalid fault status ${fault.status} for ${method}: use 300-599, or { error } for an HTTP 200 failure`);
    }
    this.enqueue(method, { kind: "fail", fault });
  }

  hangNext(method: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`invalid hang duration ${ms} ms for ${method}: use a non-negative number`);
    }
    this.enqueue(method, { kind: "hang", delayMs: ms });
  }

  reset(): void {
    this.recordedCalls.length = 0;
    this.faults.clear();
  }

  async close(): Promise<void> {
    // A second close() resolves at once, so a test may close a server that afterAll closes again.
    if (this.closing.signal.aborted) {
      return;
    }
    this.closing.abort();
    const closed = new Promise<void>((resolve, reject) => {
      this.httpServer.close((error) => (error ? reject(error) : resolve()));
    });
    this.httpServer.closeAllConnections();
    await closed;
  }

  private enqueue(method: string, entry: QueuedFault): void {
    const queue = this.faults.get(method) ?? [];
    queue.push(entry);
    this.faults.set(method, queue);
  }

  private async handleRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? "/", this.origin).pathname;
    const apiMatch = /^\/api\/([^/]+)$/.exec(path);
    const responseMatch = /^\/response\/([^/]+)$/.exec(path);
    if (apiMatch === null && responseMatch === null) {
      sendText(response, 404, `not found: ${path}; use /api/<method> or /response/<id>`);
      return;
    }
    if (request.method !== "POST") {
      response.setHeader("Allow", "POST");
      sendText(response, 405, `method ${request.method} not allowed; use POST`);
      return;
    }

    let text: string;
    try {
      text = await readRequestText(request);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendText(response, 413, error.message);
        return;
      }
      throw error;
    }

    if (apiMatch !== null) {
      await this.handleApiCall(decodeURIComponent(apiMatch[1]!), request, text, response);
    } else {
      await this.handleResponseUrlPost(decodeURIComponent(responseMatch![1]!), request, text, response);
    }
  }

  private async handleApiCall(method: string, request: IncomingMessage, text: string, response: ServerResponse): Promise<void> {
    const contentType = request.headers["content-type"];
    const parsed = parseApiBody(contentType, text);
    const headerToken = bearerToken(request.headers.authorization);
    // Slack reads a token from the body only in form-encoded requests, so JSON requests must use the header.
    const bodyToken = parsed.kind === "parsed" && parsed.format === "form" ? parsed.fields.token : undefined;
    const token = headerToken ?? (typeof bodyToken === "string" && bodyToken !== "" ? bodyToken : undefined);

    const call: RecordedCall = { method, body: parsed.fields, token, contentType, at: Date.now(), outcome: { kind: "pending" } };
    this.recordedCalls.push(call);

    if (!(await this.applyFaults(call, response))) {
      return;
    }

    let result: ApiResult;
    if (!this.workspace.hasMethod(method)) {
      result = { ok: false, error: "unknown_method" };
    } else if (token === undefined) {
      result = { ok: false, error: "not_authed" };
    } else if (!this.acceptedTokens.has(token)) {
      result = { ok: false, error: "invalid_auth" };
    } else if (parsed.kind === "invalid") {
      result = { ok: false, error: parsed.error };
    } else {
      result = this.workspace.call(method, parsed.fields);
    }
    sendRecordedJson(call, response, 200, result, false);
  }

  /** Records a post to a response URL, which takes only JSON, as Bolt's respond() sends it. */
  private async handleResponseUrlPost(id: string, request: IncomingMessage, text: string, response: ServerResponse): Promise<void> {
    const contentType = request.headers["content-type"];
    const isJson = mediaTypeOf(contentType) === "application/json";
    const parsed = isJson ? parseApiBody(contentType, text) : undefined;
    const body = parsed?.fields ?? { raw: text };

    const call: RecordedCall = {
      method: RESPONSE_URL_METHOD,
      body,
      token: undefined,
      contentType,
      at: Date.now(),
      responseId: id,
      outcome: { kind: "pending" },
    };
    this.recordedCalls.push(call);

    if (!(await this.applyFaults(call, response))) {
      return;
    }

    // NOTE: the HTTP 400 for a payload that is not JSON, its error code and the
    // success body { ok: true } are assumptions, not checked against Slack.
    if (parsed === undefined || parsed.kind === "invalid") {
      sendRecordedJson(call, response, 400, { ok: false, error: "invalid_payload" }, false);
      return;
    }
    sendRecordedJson(call, response, 200, { ok: true }, false);
  }

  /**
   * Applies the next queued fault for the call's method. Returns true when the
   * request should get its normal response, and false when a response was already
   * sent or the connection is gone.
   */
  private async applyFaults(call: RecordedCall, response: ServerResponse): Promise<boolean> {
    const queued = this.faults.get(call.method)?.shift();
    if (queued === undefined) {
      return true;
    }

    if (queued.kind === "hang") {
      call.delayMs = queued.delayMs;
      const stillOpen = await this.hold(queued.delayMs, response);
      if (!stillOpen) {
        call.outcome = { kind: "aborted" };
      }
      return stillOpen;
    }

    const fault = queued.fault;
    if ("error" in fault) {
      sendRecordedJson(call, response, 200, { ok: false, error: fault.error }, true);
    } else if (fault.status === 429) {
      if (fault.retryAfterSeconds !== undefined) {
        response.setHeader("Retry-After", String(fault.retryAfterSeconds));
      }
      sendRecordedJson(call, response, 429, { ok: false, error: "ratelimited" }, true);
    } else {
      const text = fault.body ?? STATUS_CODES[fault.status] ?? "";
      sendText(response, fault.status, text);
      call.outcome = { kind: "responded", status: fault.status, ok: false, injected: true, response: text };
    }
    return false;
  }

  /** Waits `ms`, returning false early when the server closes or the client disconnects. */
  private async hold(ms: number, response: ServerResponse): Promise<boolean> {
    const disconnected = new AbortController();
    const onClose = () => disconnected.abort();
    response.on("close", onClose);
    try {
      await sleep(ms, undefined, { signal: AbortSignal.any([this.closing.signal, disconnected.signal]) });
      return true;
    } catch {
      return false;
    } finally {
      response.off("close", onClose);
    }
  }
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}

function sendRecordedJson(call: RecordedCall, response: ServerResponse, status: number, result: ApiResult, injected: boolean): void {
  const outcome: CallOutcome = { kind: "responded", status, ok: result.ok, injected, response: result };
  if (!result.ok) {
    outcome.error = result.error;
  }
  call.outcome = outcome;

  response.statusCode = status;
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.end(JSON.stringify(result));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.statusCode = status;
  response.setHeader("Content-Type", "text/plain; charset=utf-8");
  response.end(text);
}

function describeCalls(calls: readonly RecordedCall[]): string {
  if (calls.length === 0) {
    return "none";
  }
  return calls.map((call) => `${call.method} (${describeOutcome(call.outcome)})`).join(", ");
}

function describeOutcome(outcome: CallOutcome): string {
  if (outcome.kind !== "responded") {
    return outcome.kind;
  }
  return outcome.ok ? `HTTP ${outcome.status} ok` : `HTTP ${outcome.status} ${outcome.error ?? "failed"}`;
}
