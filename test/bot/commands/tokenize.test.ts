import { describe, expect, it } from "vitest";

import { tokenize, type Token } from "../../../src/bot/commands/tokenize.ts";

const word = (text: string): Token => ({ kind: "word", text });
const pair = (key: string, value: string, quoted = false): Token => ({ kind: "pair", key, value, quoted });

describe("tokenize", () => {
  const cases: [string, Token[]][] = [
    ["a=b c", [pair("a", "b"), word("c")]],
    ['title="Anon JP" x', [pair("title", "Anon JP", true), word("x")]],
    ["title='a b'", [pair("title", "a b", true)]],
    ["件名=「年末 の 予告」", [pair("件名", "年末 の 予告", true)]],
    ["件名=『a b』", [pair("件名", "a b", true)]],
    ["title=“a b”", [pair("title", "a b", true)]],
    ["title＝＂a b＂", [pair("title", "a b", true)]],
    ['title=＂a b"', [pair("title", "a b", true)]],
    ["ｔａｒｇｅｔ＝ａ．ｊｐ", [pair("ｔａｒｇｅｔ", "ａ．ｊｐ")]],
    ["a\u3000b\tc\nd", [word("a"), word("b"), word("c"), word("d")]],
    ["https://x.example/?a=b", [word("https://x.example/?a=b")]],
    ["a:b=c", [word("a:b=c")]],
    ["=x", [word("=x")]],
    ["a=b=c", [pair("a", "b=c")]],
    ["key=", [pair("key", "")]],
    ['key=""', [pair("key", "", true)]],
    ["It's 「引用」 \"x", [word("It's"), word("「引用」"), word('"x')]],
    ['a="b"c', [pair("a", "b", true), word("c")]],
    ["snake_key-2=v", [pair("snake_key-2", "v")]],
  ];

  it.each(cases)("%s", (text, expected) => {
    expect(tokenize(text)).toStrictEqual({ ok: true, tokens: expected });
  });

  it("reports an unclosed quote", () => {
    expect(tokenize('x=1 title="abc def')).toStrictEqual({ ok: false, key: "title", value: '"abc def' });
  });

  it("needs the matching bracket", () => {
    expect(tokenize("title=「abc\"")).toStrictEqual({ ok: false, key: "title", value: "「abc\"" });
  });
});
