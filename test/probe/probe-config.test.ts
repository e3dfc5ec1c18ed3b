import { describe, expect, test } from "vitest";

import { DEFAULT_RETENTION, probeConfigSchema } from "../../src/probe/config.ts";

describe("probe config", () => {
  test("empty object gives defaults", () => {
    const config = probeConfigSchema.parse({});

    expect(config).toMatchObject({
      enabled: false,
      intervalSeconds: 60,
      concurrency: 500,
      timeoutMs: 10_000,
      allowedCidrs: [],
      groups: {},
      health: { degradeAfter: 3, recoverAfter: 2 },
      retention: { ...DEFAULT_RETENTION, cron: "0 30 18 * * *" },
      writer: { batchSize: 500, flushIntervalMs: 1000 },
      tlp: "AMBER",
    });
  });

  test("groups and partial health", () => {
    const config = probeConfigSchema.parse({ groups: { fast: { intervalSeconds: 30 } }, health: { degradeAfter: 5 } });

    expect(config.groups).toEqual({ fast: { intervalSeconds: 30 } });
    expect(config.health).toMatchObject({ degradeAfter: 5, recoverAfter: 2, baselineSize: 20 });
  });

  test.each([
    [{ intervalSeconds: 45 }, ["intervalSeconds"]],
    [{ allowedCidrs: ["10.0.0.0/33"] }, ["allowedCidrs", 0]],
    [{ groups: { default: { intervalSeconds: 30 } } }, ["groups", "default"]],
    [{ groups: { Fast: { intervalSeconds: 30 } } }, ["groups", "Fast"]],
    [{ health: { minBaselineSamples: 30 } }, ["health", "minBaselineSamples"]],
    [{ retention: { hourlyDays: 7 } }, ["retention", "hourlyDays"]],
    [{ retention: { cron: "every day" } }, ["retention", "cron"]],
    [{ writer: { batchSize: 5000 } }, ["writer", "batchSize"]],
  ])("rejects %j", (input, path) => {
    const result = probeConfigSchema.safeParse(input);

    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(path);
  });
  test.each(["probe\r\nX-Injected: 1", "", "プローブ"])("user agent %j rejected", (userAgent) => {
    expect(probeConfigSchema.safeParse({ userAgent }).success).toBe(false);
  });

  test("Latin-1 user agent accepted", () => {
    expect(probeConfigSchema.parse({ userAgent: "isac-probe/1.0 (contact: noc@example.jp)" }).userAgent).toBe("isac-probe/1.0 (contact: noc@example.jp)");
  });
});
