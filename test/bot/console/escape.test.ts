import { describe, expect, it } from "vitest";
import { escapeControls } from "../../../src/bot/console/console.ts";

describe("escapeControls", () => {
  it("escapes terminal control sequences", () => {
    expect(escapeControls("a\u0007b\u001b[31mRED\u001b[0m")).toBe("a\\x07b\\x1b[31mRED\\x1b[0m");
  });

  it("keeps newlines, tabs and Japanese", () => {
    expect(escapeControls("事案\t#1\n次の手順")).toBe("事案\t#1\n次の手順");
  });

  it("escapes C1 controls", () => {
    expect(escapeControls("x\u009by")).toBe("x\\x9by");
  });
});
