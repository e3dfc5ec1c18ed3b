// HTTP plumbing: Matrix errors, JSON request bodies and writing responses.
import type { IncomingMessage, ServerResponse } from "node:http";

/** Maximum request body size that the test homeserver accepts, in bytes. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** An error that the homeserver returns as a Matrix error body (`{"errcode", "error"}`). */
export class MatrixHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errcode: string,
    message: string,
    readonly extraFields: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "MatrixHttpError";
  }

  toBody(): Record<string, unknown> {
    return { errcode: this.errcode, error: this.message, ...this.extraFields };
  }
}

export const notFound = (message: string) => new MatrixHttpError(404, "M_NOT_FOUND", message);
export const forbidden = (message: string) => new MatrixHttpError(403, "M_FORBIDDEN", message);
export const invalidParam = (message: string) => new MatrixHttpError(400, "M_INVALID_PARAM", message);
export const badJson = (message: string) => new MatrixHttpError(400, "M_BAD_JSON", message);

/**
 * Reads and parses a JSON request body. An empty body parses as undefined. Rejects with
 * M_TOO_LARGE past MAX_BODY_BYTES and with M_NOT_JSON when the text is not valid JSON.
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;

  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      throw new MatrixHttpError(413, "M_TOO_LARGE", `Request body exceeds ${MAX_BODY_BYTES} bytes`);
    }
    chunks.push(buffer);
  }

  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MatrixHttpError(400, "M_NOT_JSON", "Request body is not valid JSON");
  }
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns the body as an object, or rejects with M_BAD_JSON naming the `description` of the body. */
export function requireJsonObject(body: unknown, description: string): Record<string, unknown> {
  if (!isJsonObject(body)) {
    throw badJson(`${description} must be a JSON object`);
  }
  return body;
}

/** Writes a response and resolves once it is handed to the socket or the connection is gone. */
export function sendResponse(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string>,
): Promise<void> {
  return new Promise((resolve) => {
    if (response.destroyed || response.writableEnded) {
      resolve();
      return;
    }
    response.once("finish", resolve);
    response.once("close", resolve);
    response.writeHead(status, { ...headers, "Content-Length": String(Buffer.byteLength(body)) });
    response.end(body);
  });
}
