// Pure text handling of the Matrix front end: the command prefix, reply
// fallbacks, thread incidents, HTML escaping and splitting long replies.
import { describe, expect, it } from "vitest";
import { commandText, stripReplyFallback } from "../../../src/bot/matrix/commands.ts";
import { noticeContent, splitReply, withCommandPrefix } from "../../../src/bot/matrix/content.ts";
import { escapeHtml, renderHtml } from "../../../src/bot/matrix/html.ts";
import { withThreadIncident } from "../../../src/bot/commands/thread-incident.ts";
import { reply } from "../../../src/bot/messages/reply.ts";

describe("commandText", () => {
  it.each([
    ["!dos notice target=example.co.jp", "notice target=example.co.jp"],
    ["  !dos status #1  ", "status #1"],
    ["！ｄｏｓ　ｓｔａｔｕｓ　＃１", "ｓｔａｔｕｓ　＃１"],
    ["!DOS list", "list"],
    ["!dos", ""],
    ["!dos\nnotice target=example.co.jp\n続報", "notice target=example.co.jp\n続報"],
  ])("reads %j", (body, expected) => {
    expect(commandText(body, "!dos")).toBe(expected);
  });

  it.each(["!dosnotice", "hello !dos list", "!do list", "", "!", "> !dos list"])("ignores %j", (body) => {
    expect(commandText(body, "!dos")).toBeUndefined();
  });

  it("accepts a configured prefix", () => {
    expect(commandText("？ddos status", "?ddos")).toBe("status");
  });
});

describe("stripReplyFallback", () => {
  it("removes the quote and the blank line", () => {
    expect(stripReplyFallback("> <@bob:isp-b.example> !dos close #1\n> second line\n\n!dos status")).toBe("!dos status");
  });

  it("keeps a body without a quote", () => {
    expect(stripReplyFallback("!dos notice target=a.example\n> not a fallback")).toBe("!dos notice target=a.example\n> not a fallback");
  });

  it("leaves nothing when only a quote", () => {
    expect(stripReplyFallback("> <@bob:isp-b.example> !dos close #1")).toBe("");
  });
});

describe("withThreadIncident", () => {
  it.each([
    ["detect vector=udp-flood", "detect #7 vector=udp-flood"],
    ["検知 手法=SYNフラッド", "検知 #7 手法=SYNフラッド"],
    ["status", "status #7"],
    ["detect #2 observed=no", "detect #2 observed=no"],
    ["detect ＃２ observed=no", "detect ＃２ observed=no"],
    ["ack R5", "ack R5"],
    ["list", "list"],
    ["help detect", "help detect"],
    ["unknown words", "unknown words"],
  ])("turns %j into %j", (text, expected) => {
    expect(withThreadIncident(text, 7)).toBe(expected);
  });

  it("leaves text alone outside an incident thread", () => {
    expect(withThreadIncident("detect vector=udp-flood", undefined)).toBe("detect vector=udp-flood");
  });
});

describe("renderHtml", () => {
  it("escapes every interpolated value", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("puts the TLP label first", () => {
    const html = renderHtml(reply("Incident #1 <b>", ["Target: <script>", "two\nlines"], ["Next: /dos status #1"], "AMBER+STRICT"), "Next steps:");

    expect(html).toBe(
      "<p><b>[TLP:AMBER+STRICT]</b> Incident #1 &lt;b&gt;</p><p>Target: &lt;script&gt;<br>two<br>lines</p><p><b>Next steps:</b></p><ul><li>Next: /dos status #1</li></ul>",
    );
  });

  it("renders a reply without a label", () => {
    expect(renderHtml(reply("Help"), "Next steps:")).toBe("<p>Help</p>");
  });
});

describe("withCommandPrefix", () => {
  it("rewrites /dos in next steps only", () => {
    const rewritten = withCommandPrefix(reply("Run /dos list", ["/dos stays"], ["List: /dos list", "Check: /dosage"]), "!dos");

    expect(rewritten.title).toBe("Run /dos list");
    expect(rewritten.lines).toEqual(["/dos stays"]);
    expect(rewritten.next).toEqual(["List: !dos list", "Check: /dosage"]);
  });

  it("keeps a prefix with $ as typed", () => {
    expect(withCommandPrefix(reply("t", [], ["Run /dos list"]), "$&dos").next).toEqual(["Run $&dos list"]);
  });
});

describe("splitReply", () => {
  const bytesOf = (part: ReturnType<typeof reply>) => {
    const content = noticeContent(part, "Next steps:");
    return Buffer.byteLength(JSON.stringify(content.body)) + Buffer.byteLength(JSON.stringify(content.formatted_body));
  };

  it("keeps a short reply whole", () => {
    const short = reply("Title", ["a", "b"], ["next"], "GREEN");

    expect(splitReply(short, { nextHeading: "Next steps:", continued: "(continued)" })).toEqual([short]);
  });

  it("splits within the byte limit and keeps every line", () => {
    const lines = Array.from({ length: 300 }, (_, index) => `${index}: ${"検知<&>\"'".repeat(30)}`);
    const long = reply("Incidents", lines, ["See: /dos status #1"], "RED");

    const parts = splitReply(long, { nextHeading: "Next steps:", continued: "(continued)", maxBytes: 20_000 });

    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(bytesOf(part)).toBeLessThanOrEqual(20_000);
      expect(part.tlp).toBe("RED");
    }
    expect(parts.slice(1).every((part) => part.title === "Incidents (continued)")).toBe(true);
    expect(parts.flatMap((part) => part.lines)).toEqual(lines);
    expect(parts.flatMap((part) => part.next)).toEqual(["See: /dos status #1"]);
  });
});
