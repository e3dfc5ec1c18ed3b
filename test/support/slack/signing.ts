import { createHmac } from "node:crypto";

// The payload builders live in payloads.ts. They are re-exported so that a test
// can sign and build a request with one import.
export { eventBody, interactionBody, slashCommandBody } from "./payloads.ts";

export const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
export const JSON_CONTENT_TYPE = "application/json";

export interface SlackSignatureHeaders {
  "X-Slack-Request-Timestamp": string;
  "X-Slack-Signature": string;
}

/**
 * Signs a request body as Slack does: the signature is "v0=" followed by the hex
 * HMAC-SHA256 of "v0:{timestamp}:{body}", keyed with the app's signing secret.
 * The timestamp is in seconds and defaults to now. Bolt 5.1 rejects a timestamp
 * more than five minutes old.
 */
export function signSlackRequest(
  signingSecret: string,
  body: string,
  timestampSeconds: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const digest = createHmac("sha256", signingSecret).update(`v0:${timestampSeconds}:${body}`).digest("hex");
  return {
    "X-Slack-Request-Timestamp": String(timestampSeconds),
    "X-Slack-Signature": `v0=${digest}`,
  };
}

export interface PostSignedOptions {
  /** Signing secret of the app that receives the request. */
  secret: string;
  contentType: typeof FORM_CONTENT_TYPE | typeof JSON_CONTENT_TYPE;
  /** Signature timestamp in seconds. Defaults to now. */
  timestamp?: number;
  /** Headers sent in addition to the signature, such as X-Slack-Retry-Num. They can override the signature headers. */
  extraHeaders?: Record<string, string>;
}

export interface SignedPostResult {
  status: number;
  headers: Headers;
  text: string;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * Posts a body signed with `secret` to a receiver on this machine, as Slack posts
 * slash commands, interactions and events. Rejects URLs outside the loopback
 * interface, because tests must not send traffic to other hosts.
 */
export async function postSigned(url: string, body: string, options: PostSignedOptions): Promise<SignedPostResult> {
  const target = new URL(url);
  if (!LOOPBACK_HOSTS.has(target.hostname)) {
    throw new Error(`postSigned rejected host ${target.hostname}: use 127.0.0.1, localhost or [::1], because tests send only to this machine`);
  }

  const headers = {
    "Content-Type": options.contentType,
    ...signSlackRequest(options.secret, body, options.timestamp),
    ...options.extraHeaders,
  };
  const response = await fetch(target, { method: "POST", headers, body, redirect: "manual" });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
