import { describe, expect, test } from "vitest";

import { formatCsv, parseCsv } from "../../src/probe/targets/csv.ts";

describe("parseCsv", () => {
  test("skips byte order mark", () => {
    const { records, error } = parseCsv("\uFEFFoperator,url\nA,http://a.example/\n");

    expect(error).toBeNull();
    expect(records[0]!.fields).toEqual(["operator", "url"]);
  });

  test("reads CRLF and LF lines", () => {
    const { records } = parseCsv("a,b\r\nc,d\ne,f");

    expect(records).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["c", "d"] },
      { line: 3, fields: ["e", "f"] },
    ]);
  });

  test("quoted commas quotes and newlines", () => {
    const { records, error } = parseCsv('a,"b, ""c""",x\r\n"multi\r\nline",y,z\r\nlast,1,2\r\n');

    expect(error).toBeNull();
    expect(records[0]!.fields).toEqual(["a", 'b, "c"', "x"]);
    expect(records[1]).toEqual({ line: 2, fields: ["multi\r\nline", "y", "z"] });
    expect(records[2]!.line).toBe(4);
  });

  test("blank lines skipped, numbering kept", () => {
    const { records } = parseCsv("a\n\n  \nb\n");

    expect(records.map((record) => record.line)).toEqual([1, 4]);
  });

  test("empty fields kept", () => {
    expect(parseCsv("a,,c,\n").records[0]!.fields).toEqual(["a", "", "c", ""]);
  });

  test("unclosed quote stops parsing", () => {
    const { records, error } = parseCsv('a,b\nc,"open\nd,e\n');

    expect(records).toEqual([{ line: 1, fields: ["a", "b"] }]);
    expect(error).toEqual({ line: 2, reason: "unclosed_quote" });
  });

  test("text after quote rejected", () => {
    const { error } = parseCsv('a,b\n"x"y,z\n');

    expect(error).toEqual({ line: 2, reason: "text_after_quote" });
  });
});

describe("formatCsv", () => {
  test("quotes only where needed", () => {
    expect(formatCsv([["plain", "with,comma", 'say "hi"', "two\nlines", " padded"]])).toBe(
      'plain,"with,comma","say ""hi""","two\nlines"," padded"\r\n',
    );
  });

  test("round trips through parse", () => {
    const rows = [
      ["operator", "notes"],
      ["例示銀行", 'a "quoted", multi\r\nline note'],
    ];

    expect(parseCsv(formatCsv(rows)).records.map((record) => record.fields)).toEqual(rows);
  });
});
