import { describe, expect, it } from "vitest";
import { parseForm } from "../../../src/bot/commands/parse.ts";

const options = { now: new Date("2026-12-04T00:00:00Z"), timeZone: "Asia/Tokyo" };

describe("parseForm", () => {
  it("keeps multi-line text whole", () => {
    const result = parseForm({ subcommand: "request", incident: 3, fields: { to: "isp-b" }, text: "1行目 a=b\n2行目" }, options);

    expect(result).toEqual({ ok: true, command: { name: "request", incident: 3, to: "isp-b", urgent: false, text: "1行目 a=b\n2行目" } });
  });

  it("validates fields like typed commands", () => {
    const result = parseForm({ subcommand: "mitigate", incident: 3, fields: { action: "teleport" } }, options);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe("invalid_enum");
      expect(result.error.field).toBe("action");
    }
  });

  it("accepts values with spaces and quotes", () => {
    const result = parseForm({ subcommand: "notice", fields: { target: "example.co.jp", attacker: 'Group "X" JP' } }, options);

    expect(result.ok).toBe(true);
    if (result.ok && result.command.name === "notice") expect(result.command.attacker).toBe('Group "X" JP');
  });

  it("skips empty fields", () => {
    const result = parseForm({ subcommand: "detect", fields: { target: "", vector: "udp" } }, options);

    expect(result.ok).toBe(true);
    if (result.ok && result.command.name === "detect") expect(result.command.targets).toEqual([]);
  });
});
