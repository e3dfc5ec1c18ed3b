import { Readable } from "node:stream";

import { describe, expect, test } from "vitest";

import { charsetOf, readBody } from "../../src/probe/body.ts";

function stream(chunks: Buffer[]): Readable {
  return Readable.from(chunks, { objectMode: false });
}

describe("body reader", () => {
  test("keyword split across chunks", async () => {
    const body = stream([Buffer.from("<h1>Exam"), Buffer.from("ple ISP</h1>")]);

    const result = await readBody(body, { maxBytes: 1024, keyword: "Example ISP", contentType: undefined });

    expect(result.keywordFound).toBe(true);
  });

  test("multibyte character split across chunks", async () => {
    const bytes = Buffer.from("ようこそ", "utf8");
    const body = stream([bytes.subarray(0, 4), bytes.subarray(4)]);

    const result = await readBody(body, { maxBytes: 1024, keyword: "ようこそ", contentType: "text/html; charset=utf-8" });

    expect(result.keywordFound).toBe(true);
  });

  test("reading stops at keyword", async () => {
    const body = stream([Buffer.from("first "), Buffer.from("needle "), Buffer.from("never read")]);

    const result = await readBody(body, { maxBytes: 1024, keyword: "needle", contentType: undefined });

    expect(result).toEqual({ bytesRead: 13, truncated: false, keywordFound: true });
    expect(body.destroyed).toBe(true);
  });

  test("cap cuts oversized chunk", async () => {
    const body = stream([Buffer.alloc(100, "x")]);

    const result = await readBody(body, { maxBytes: 30, keyword: undefined, contentType: undefined });

    expect(result).toEqual({ bytesRead: 30, truncated: true, keywordFound: null });
  });

  test("keyword beyond cap missed", async () => {
    const body = stream([Buffer.alloc(20, "x"), Buffer.from("needle")]);

    const result = await readBody(body, { maxBytes: 20, keyword: "needle", contentType: undefined });

    expect(result.keywordFound).toBe(false);
    expect(result.bytesRead).toBe(20);
  });

  test("whole body read without keyword", async () => {
    const body = stream([Buffer.from("abc"), Buffer.from("def")]);

    const result = await readBody(body, { maxBytes: 1024, keyword: undefined, contentType: undefined });

    expect(result).toEqual({ bytesRead: 6, truncated: false, keywordFound: null });
  });

  test("unknown charset decodes as UTF-8", async () => {
    const body = stream([Buffer.from("café", "utf8")]);

    const result = await readBody(body, { maxBytes: 1024, keyword: "café", contentType: "text/html; charset=x-unknown" });

    expect(result.keywordFound).toBe(true);
  });

  test.each([
    ["text/html; charset=Shift_JIS", "Shift_JIS"],
    ['text/html; charset="EUC-JP"', "EUC-JP"],
    ["text/html;charset=utf-8;foo=bar", "utf-8"],
    ["text/html", undefined],
    [undefined, undefined],
  ])("charset of %s is %s", (contentType, charset) => {
    expect(charsetOf(contentType)).toBe(charset);
  });
});
