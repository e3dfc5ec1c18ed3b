import type { IncomingMessage } from "node:http";

/** Maximum request body size that the local Slack servers accept, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Form fields that Slack methods take as JSON text. WebClient (@slack/web-api 8.2,
 * `serializeBody`) sends every non-primitive argument as a JSON-encoded form
 * field, so these are parsed back into objects before handlers and tests see them.
 * Other fields stay strings, as form encoding carries them (booleans arrive as
 * "true" / "false").
 */
const JSON_VALUED_FORM_FIELDS = new Set(["attachments", "blocks", "metadata", "unfurls", "user_auth_blocks", "view"]);

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body exceeds ${MAX_BODY_BYTES} bytes`);
    this.name = "BodyTooLargeError";
  }
}

/** Reads the whole request body as UTF-8 text, rejecting with BodyTooLargeError past MAX_BODY_BYTES. */
export async function readRequestText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new BodyTooLargeError();
    }
    chunks.push(buffer);
  }

  return Buffer.concat(chunks).toString("utf8");
}

export type ParsedApiBody =
  | { kind: "parsed"; format: "form" | "json"; fields: Record<string, unknown> }
  | { kind: "invalid"; error: string; fields: Record<string, unknown> };

/** Returns the media type of a Content-Type header, lower-cased and without parameters such as charset. */
export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/**
 * Parses a Web API request body. An empty body with no Content-Type counts as an
 * empty form, which is what WebClient sends for a method called without arguments.
 */
export function parseApiBody(contentType: string | undefined, text: string): ParsedApiBody {
  const mediaType = mediaTypeOf(contentType);

  if (mediaType === "application/json") {
    return parseJsonBody(text);
  }
  if (mediaType === "application/x-www-form-urlencoded" || (mediaType === "" && text === "")) {
    return parseFormBody(text);
  }
  // NOTE: invalid_form_data for an unsupported Content-Type (multipart uploads
  // included) is an assumption, not a code checked against Slack.
  return { kind: "invalid", error: "invalid_form_data", fields: {} };
}

function parseJsonBody(text: string): ParsedApiBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: "invalid", error: "invalid_json", fields: { raw: text } };
  }

  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { kind: "invalid", error: "invalid_json", fields: { raw: text } };
  }
  return { kind: "parsed", format: "json", fields: value as Record<string, unknown> };
}

function parseFormBody(text: string): ParsedApiBody {
  // URLSearchParams keeps the last value of a repeated key and decodes "+" as a space.
  const fields: Record<string, unknown> = Object.fromEntries(new URLSearchParams(text));

  for (const name of JSON_VALUED_FORM_FIELDS) {
    const value = fields[name];
    if (typeof value !== "string") {
      continue;
    }
    try {
      fields[name] = JSON.parse(value);
    } catch {
      const error = name === "blocks" ? "invalid_blocks_format" : "invalid_arguments";
      return { kind: "invalid", error, fields };
    }
  }

  return { kind: "parsed", format: "form", fields };
}
