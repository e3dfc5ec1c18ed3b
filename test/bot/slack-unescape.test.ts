import { describe, expect, it } from "vitest";
import { unescapeSlackText } from "../../src/bot/slack/unescape.ts";

describe("unescapeSlackText", () => {
  it.each([
    ["notice target=<http://example.co.jp|example.co.jp>", "notice target=example.co.jp"],
    ["link=<https://x.example/a?b=c&amp;d=e>", "link=https://x.example/a?b=c&d=e"],
    ["to <@U0123ABCD> please", "to @U0123ABCD please"],
    ["see <#C0123ABCD|incident>", "see #incident"],
    ["<!here> attack", "@here attack"],
    ["mail <mailto:noc@isp.example|noc@isp.example>", "mail noc@isp.example"],
    ["a &lt; b &amp;&amp; c &gt; d", "a < b && c > d"],
    ["全角　テキスト「そのまま」", "全角　テキスト「そのまま」"],
    ["&amp;lt;", "&lt;"],
  ])("%s", (input, expected) => {
    expect(unescapeSlackText(input)).toBe(expected);
  });
});
