// OPS_* and LOG_* environment settings and the problems they report.
import { describe, expect, it } from "vitest";
import type { ConfigProblem } from "../../src/ops/config-problems.ts";
import { readOpsEnvironment } from "../../src/ops/settings.ts";

function read(env: NodeJS.ProcessEnv) {
  const problems: ConfigProblem[] = [];
  const settings = readOpsEnvironment(env, problems);
  return { settings, problems };
}

describe("ops settings", () => {
  it("defaults bind loopback", () => {
    const { settings, problems } = read({});
    expect(problems).toEqual([]);
    expect(settings).toEqual({ host: "127.0.0.1", port: 9464, outboxStuckAfterMs: 600_000 });
  });

  it("reads every variable", () => {
    const { settings, problems } = read({ OPS_HOST: "0.0.0.0", OPS_PORT: "9100", OPS_OUTBOX_STUCK_SECONDS: "120", LOG_LEVEL: "debug", LOG_FORMAT: "json" });
    expect(problems).toEqual([]);
    expect(settings).toEqual({ host: "0.0.0.0", port: 9100, outboxStuckAfterMs: 120_000 });
  });

  it("OPS_PORT off disables server", () => {
    expect(read({ OPS_PORT: "off" }).settings.port).toBeNull();
  });

  it("invalid values become problems", () => {
    const { problems } = read({ OPS_PORT: "70000", OPS_OUTBOX_STUCK_SECONDS: "0", LOG_LEVEL: "verbose", LOG_FORMAT: "yaml" });
    expect(problems.map((problem) => [problem.path, problem.code])).toEqual([
      ["OPS_PORT", "invalid_port"],
      ["OPS_OUTBOX_STUCK_SECONDS", "invalid_number"],
      ["LOG_LEVEL", "invalid_value"],
      ["LOG_FORMAT", "invalid_value"],
    ]);
    expect(problems.every((problem) => problem.source === "env")).toBe(true);
  });

  it("negative and fractional ports rejected", () => {
    expect(read({ OPS_PORT: "-1" }).problems).toHaveLength(1);
    expect(read({ OPS_PORT: "80.5" }).problems).toHaveLength(1);
  });
});
