// Log format choice, and pretty output that still passes the secret scrubber.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log.ts";
import { chooseLogFormat, createLogDestination } from "../../src/ops/log-destination.ts";

const TOKEN = "xoxb-1111-2222-abcdefghij";

/** Collects what is written to a stream that claims to be a terminal or not. */
function captureStream(isTTY: boolean): { stream: PassThrough & { isTTY: boolean }; text(): string } {
  const stream = Object.assign(new PassThrough(), { isTTY });
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
  return { stream, text: () => text };
}

async function waitForOutput(read: () => string): Promise<string> {
  for (let attempt = 0; attempt < 100 && read() === ""; attempt += 1) await new Promise((resolve) => setTimeout(resolve, 10));
  return read();
}

describe("log format", () => {
  it("terminal gets pretty", () => {
    expect(chooseLogFormat({}, true)).toBe("pretty");
    expect(chooseLogFormat({}, false)).toBe("json");
  });

  it("LOG_FORMAT overrides terminal", () => {
    expect(chooseLogFormat({ LOG_FORMAT: "json" }, true)).toBe("json");
    expect(chooseLogFormat({ LOG_FORMAT: "pretty" }, false)).toBe("pretty");
  });

  it("pipe gets JSON lines", async () => {
    const capture = captureStream(false);
    const logger = createLogger({ env: {}, destination: createLogDestination({}, capture.stream) });
    logger.info({ incident: 3 }, "delivery started");
    const line = JSON.parse((await waitForOutput(capture.text)).trim()) as Record<string, unknown>;
    expect(line.msg).toBe("delivery started");
    expect(line.incident).toBe(3);
  });

  it("pretty output is scrubbed", async () => {
    const capture = captureStream(true);
    const env = { SLACK_BOT_TOKEN: TOKEN };
    const logger = createLogger({ env, destination: createLogDestination(env, capture.stream) });
    logger.warn({ header: `Bearer ${TOKEN}` }, `send failed with ${TOKEN}`);
    const text = await waitForOutput(capture.text);
    expect(text).toContain("send failed with [REDACTED]");
    expect(text).not.toContain(TOKEN);
    expect(text.trimStart().startsWith("{")).toBe(false);
  });
});
