import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, createScrubber } from "../../src/log.ts";

function captureLogger(env: NodeJS.ProcessEnv) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ env, destination, level: "debug" }), lines };
}

describe("log scrubbing", () => {
  it("removes configured secrets everywhere", () => {
    const env = { SLACK_SIGNING_SECRET: "s3cr3t-signing-value", MATRIX_ACCESS_TOKEN: "mat_token_value_123" };
    const { logger, lines } = captureLogger(env);

    logger.error({ err: new Error("auth failed for s3cr3t-signing-value"), headers: { authorization: "Bearer mat_token_value_123" } }, "request failed");

    const output = lines.join("");
    expect(output).not.toContain("s3cr3t-signing-value");
    expect(output).not.toContain("mat_token_value_123");
    expect(output).toContain("[REDACTED]");
    expect(output).toContain("request failed");
  });

  it("removes token-shaped strings", () => {
    const scrub = createScrubber([]);

    expect(scrub('{"msg":"xoxb-123-456-abcDEF"}')).toBe('{"msg":"[REDACTED]"}');
    expect(scrub('{"msg":"xapp-1-A1-xyz"}')).toBe('{"msg":"[REDACTED]"}');
    expect(scrub('{"msg":"syt_Ym90_abcdef_123"}')).toBe('{"msg":"[REDACTED]"}');
    expect(scrub('{"auth":"Bearer abcdefghijklmnop"}')).toBe('{"auth":"Bearer [REDACTED]"}');
  });

  it("keeps ordinary text", () => {
    const scrub = createScrubber(["a-long-secret"]);

    expect(scrub('{"msg":"事案 #1 を作成しました"}')).toBe('{"msg":"事案 #1 を作成しました"}');
  });
});
