// Body step of a hop: reads the response body up to a byte cap and looks for
// the target's keyword. The stream is always read to its end or destroyed.

import type { Readable } from "node:stream";

export interface BodyReadOptions {
  maxBytes: number;
  /** Text to look for. Reading stops as soon as it is found. */
  keyword: string | undefined;
  /** Content-Type header of the response, used for its charset parameter. */
  contentType: string | undefined;
}

export interface BodyReadResult {
  bytesRead: number;
  truncated: boolean;
  /** Null when no keyword was requested. */
  keywordFound: boolean | null;
}

/** Returns the charset parameter of a Content-Type value, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const match = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return match?.[1];
}

/**
 * Creates a decoder for the page's charset. Labels that the WHATWG Encoding
 * standard does not know fall back to UTF-8.
 * NOTE: a charset declared only in an HTML <meta> tag is not read, so such a
 * Shift_JIS or EUC-JP page is decoded as UTF-8 and a Japanese keyword misses.
 */
function createDecoder(charset: string | undefined): TextDecoder {
  try {
    return new TextDecoder(charset ?? "utf-8");
  } catch {
    return new TextDecoder("utf-8");
  }
}

/** Streaming substring search that also finds matches split across chunks. */
class KeywordMatcher {
  readonly #decoder: TextDecoder;
  #tail = "";

  constructor(
    readonly keyword: string,
    charset: string | undefined,
  ) {
    this.#decoder = createDecoder(charset);
  }

  /** Feeds one chunk and returns whether the keyword has appeared so far. */
  push(chunk: Uint8Array): boolean {
    const text = this.#tail + this.#decoder.decode(chunk, { stream: true });
    if (text.includes(this.keyword)) {
      return true;
    }
    this.#tail = text.slice(Math.max(0, text.length - this.keyword.length + 1));
    return false;
  }
}

function ignoreError(): void {}

/**
 * Destroys a response body that will not be read further. undici reports the
 * cancellation as an 'error' event (RequestAbortedError), which is expected here.
 */
export function cancelBody(body: Readable): void {
  body.on("error", ignoreError);
  if (!body.destroyed) {
    body.destroy();
  }
}

/**
 * Reads `body` until it ends, `maxBytes` bytes have been read, or the keyword
 * has been found. Destroys the stream when it stops early. Rejects with the
 * stream's error, such as the deadline's abort reason.
 */
export async function readBody(body: Readable, options: BodyReadOptions): Promise<BodyReadResult> {
  const matcher = options.keyword ? new KeywordMatcher(options.keyword, charsetOf(options.contentType)) : null;
  let bytesRead = 0;
  let truncated = false;
  let keywordFound = false;
  // Stopping early destroys the body, which undici reports as an 'error' event after the loop has ended.
  body.on("error", ignoreError);

  if (options.maxBytes <= 0) {
    cancelBody(body);
    return { bytesRead: 0, truncated: true, keywordFound: matcher ? false : null };
  }

  // Leaving a for-await loop early destroys the stream, which cancels the download.
  for await (const data of body) {
    const chunk = data as Buffer;
    const room = options.maxBytes - bytesRead;
    const usable = chunk.length > room ? chunk.subarray(0, room) : chunk;
    bytesRead += usable.length;

    if (matcher?.push(usable)) {
      keywordFound = true;
      break;
    }
    if (chunk.length >= room) {
      truncated = chunk.length > room || !body.readableEnded;
      break;
    }
  }

  if (!body.readableEnded) {
    cancelBody(body);
  }
  return { bytesRead, truncated, keywordFound: matcher ? keywordFound : null };
}
