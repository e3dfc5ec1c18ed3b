// Shared helpers for the test homeserver's self-tests: matrix-bot-sdk clients, waiting for
// their events, and raw HTTP requests.
import { LogLevel, LogService, MatrixClient, MemoryStorageProvider } from "matrix-bot-sdk";

import type { TestHomeserver } from "../../support/matrix/homeserver.ts";

LogService.setLevel(LogLevel.ERROR);
// matrix-bot-sdk 0.7.1 logs every Matrix error response at ERROR level under this module,
// including the expected 404 for unset m.direct account data on each start().
LogService.muteModule("MatrixHttpClient");

export const BOT_USER = "@bot:localhost";
export const BOT_TOKEN = "bot-access-token";
export const ALICE = "@alice:example.org";
export const ALICE_TOKEN = "alice-access-token";

/** Registers the bot and Alice on the server. */
export function registerTestUsers(server: TestHomeserver): void {
  server.registerUser(BOT_USER, BOT_TOKEN, { displayName: "Test Bot" });
  server.registerUser(ALICE, ALICE_TOKEN);
}

export function createClient(server: TestHomeserver, accessToken = BOT_TOKEN): MatrixClient {
  return new MatrixClient(server.url, accessToken, new MemoryStorageProvider());
}

/**
 * Resolves with the arguments of the next `name` event of the client that matches
 * `predicate`, or rejects after `timeoutMs`.
 */
export function nextClientEvent(
  client: MatrixClient,
  name: string,
  predicate: (...args: any[]) => boolean = () => true,
  timeoutMs = 3000,
): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const listener = (...args: any[]) => {
      if (predicate(...args)) {
        clearTimeout(timer);
        client.off(name, listener);
        resolve(args);
      }
    };
    const timer = setTimeout(() => {
      client.off(name, listener);
      reject(new Error(`Client emitted no matching "${name}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    client.on(name, listener);
  });
}

/**
 * Waits until the server has responded to `completed` sync requests and keeps the next one
 * open. The client is then long-polling, so anything stored now arrives through a wake-up.
 */
export async function waitForLongPoll(server: TestHomeserver, completed = 1, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const syncs = server.requests.filter((record) => record.kind === "sync");
    const responded = syncs.filter((record) => record.status !== undefined).length;
    if (responded >= completed && syncs.length > responded) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`No pending sync after ${completed} completed ones within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
}

/** Sends a request with a bearer token to the test server and parses a JSON response body. */
export async function requestJson(
  server: TestHomeserver,
  accessToken: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<RawResponse> {
  const headers: Record<string, string> = {};
  if (accessToken !== undefined) {
    headers.Authorization = `Bearer ${accessToken}`;
  }
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
  }
  const response = await fetch(server.url + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  const text = await response.text();
  const isJson = response.headers.get("content-type")?.startsWith("application/json") ?? false;
  return { status: response.status, headers: response.headers, body: isJson ? JSON.parse(text) : text };
}

/** Returns the path of a v3 client-server endpoint with each parameter percent-encoded. */
export function v3(template: TemplateStringsArray, ...params: string[]): string {
  let path = "/_matrix/client/v3" + template[0];
  params.forEach((param, index) => {
    path += encodeURIComponent(param) + template[index + 1];
  });
  return path;
}
