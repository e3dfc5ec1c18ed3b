// Configuration of the probe service, validated with zod. Every field has a
// default, so `probeConfigSchema.parse({})` is a working configuration with
// probing switched off.

import { validate as isValidCron } from "node-cron";
import { z } from "zod";

import { TLP_LABELS } from "../bot/commands/types.ts";
import { parseCidr } from "./address-guard.ts";
import { isIP } from "node:net";

import { parseHostPort } from "./correlate/canary.ts";
import { hostnameFromUrl } from "./resolve-host.ts";
import { correlationSchema } from "./correlate/config.ts";
import { createAddressGuard } from "./address-guard.ts";
import { DEFAULT_HEALTH_CONFIG } from "./health.ts";
import { PROBE_DEFAULTS } from "./http-probe.ts";
import { DEFAULT_ROUND_CONCURRENCY } from "./round.ts";
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_SPREAD_RATIO, intervalToCronExpression } from "./schedule.ts";

/** Name of the group that every target without a configured group belongs to. */
export const DEFAULT_GROUP = "default";

const intervalSeconds = z
  .number()
  .int()
  .refine(
    (value) => {
      try {
        intervalToCronExpression(value);
        return true;
      } catch {
        return false;
      }
    },
    {
      message: "expected whole seconds that divide 60, whole minutes that divide 60, or whole hours that divide 24",
      params: { rule: "probe_interval" },
    },
  );
const spreadRatio = z.number().min(0).max(1);
const concurrency = z.number().int().min(1);
const groupName = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "lower-case letters, digits, '-' or '_', at most 32");

const cidr = z.string().refine(
  (value) => {
    try {
      parseCidr(value);
      return true;
    } catch {
      return false;
    }
  },
  { message: "expected an IPv4 or IPv6 address with an optional /prefix, such as 192.0.2.0/24" },
);

const groupSchema = z.strictObject({
  intervalSeconds,
  spreadRatio: spreadRatio.optional(),
  concurrency: concurrency.optional(),
});

const healthSchema = z
  .strictObject({
    degradeAfter: z.number().int().min(1).default(DEFAULT_HEALTH_CONFIG.degradeAfter),
    recoverAfter: z.number().int().min(1).default(DEFAULT_HEALTH_CONFIG.recoverAfter),
    baselineSize: z.number().int().min(1).default(DEFAULT_HEALTH_CONFIG.baselineSize),
    minBaselineSamples: z.number().int().min(1).default(DEFAULT_HEALTH_CONFIG.minBaselineSamples),
    slowFactor: z.number().min(1).default(DEFAULT_HEALTH_CONFIG.slowFactor),
    slowMarginMs: z.number().min(0).default(DEFAULT_HEALTH_CONFIG.slowMarginMs),
  })
  .refine((health) => health.minBaselineSamples <= health.baselineSize, {
    message: "minBaselineSamples must not exceed baselineSize",
    path: ["minBaselineSamples"],
  });

// Defaults sized so that 1,600 targets at 60 s stay under 1 GB of SQLite
// file in steady state. That is an estimate from measured bytes per row
// (docs/probes.md). Raw results take about 730 MB of it, so 5-minute rollups
// are kept only as long as raw results, and hourly ones for 45 days.
export const DEFAULT_RETENTION = {
  rawDays: 7,
  fiveMinuteDays: 7,
  hourlyDays: 45,
  /** Null keeps daily rollups forever. */
  dailyDays: null,
} as const;

const retentionSchema = z
  .strictObject({
    rawDays: z.number().int().min(1).default(DEFAULT_RETENTION.rawDays),
    fiveMinuteDays: z.number().int().min(1).default(DEFAULT_RETENTION.fiveMinuteDays),
    // The week view reads hourly rollups, so they must cover more than 7 days.
    hourlyDays: z.number().int().min(8).default(DEFAULT_RETENTION.hourlyDays),
    dailyDays: z.number().int().min(1).nullable().default(DEFAULT_RETENTION.dailyDays),
    /** node-cron expression (six fields, UTC) of the daily deletion run. */
    cron: z.string().refine(isValidCron, { message: "expected a node-cron expression such as 0 30 18 * * *" }).default("0 30 18 * * *"),
  })
  .default({
    ...DEFAULT_RETENTION,
    cron: "0 30 18 * * *",
  });

const sectorSchema = z.strictObject({
  name: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().min(1).max(80).optional(),
  aliases: z.array(z.string().trim().min(1).max(50)).optional(),
});

export const probeConfigSchema = z
  .strictObject({
    /** Starts the scheduler. Target commands work either way. */
    enabled: z.boolean().default(false),
    /** Interval of the default group in seconds. */
    intervalSeconds: intervalSeconds.default(DEFAULT_INTERVAL_SECONDS),
    /** Share of the interval over which a round spreads its probe start times. */
    spreadRatio: spreadRatio.default(DEFAULT_SPREAD_RATIO),
    /** Maximum probes in flight per group. Each uses one socket, so keep it below the open-file limit. */
    concurrency: concurrency.default(DEFAULT_ROUND_CONCURRENCY),
    /** Named groups with their own interval, in addition to the default group. */
    groups: z.record(groupName, groupSchema).default({}),
    timeoutMs: z.number().int().min(1).default(PROBE_DEFAULTS.timeoutMs),
    slowThresholdMs: z.number().min(0).default(PROBE_DEFAULTS.slowThresholdMs),
    maxBodyBytes: z.number().int().min(0).default(PROBE_DEFAULTS.maxBodyBytes),
    maxRedirects: z.number().int().min(0).default(PROBE_DEFAULTS.maxRedirects),
    // The probe writes it into the request head as Latin-1 text (http-probe.ts).
    userAgent: z
      .string()
      .regex(/^[\t\x20-\x7e\x80-\xff]+$/, "expected printable Latin-1 text without line breaks")
      .default(PROBE_DEFAULTS.userAgent),
    /** Special-purpose ranges that targets may still resolve to, such as a test network. */
    allowedCidrs: z.array(cidr).default([]),
    health: healthSchema.default({ ...DEFAULT_HEALTH_CONFIG }),
    retention: retentionSchema,
    /** Sectors in addition to the 14 defaults. */
    sectors: z.array(sectorSchema).default([]),
    /** Folder that `probe import <path>` reads from. Relative paths resolve against the working directory. */
    importDirectory: z.string().min(1).default("."),
    /** TLP label of probe status and list replies. */
    tlp: z.enum(TLP_LABELS).default("AMBER"),
    /** Correlated-degradation alerts and the canaries of the own-network check. */
    correlation: correlationSchema,
    writer: z
      .strictObject({
        /** Results written per INSERT statement, and buffered results that trigger a write. */
        batchSize: z.number().int().min(1).max(1000).default(500),
        /** Maximum wait in milliseconds before buffered results are written. */
        flushIntervalMs: z.number().int().min(10).default(1000),
      })
      .default({ batchSize: 500, flushIntervalMs: 1000 }),
  })
  .superRefine((config, context) => {
    if (DEFAULT_GROUP in config.groups) {
      context.addIssue({
        code: "custom",
        path: ["groups", DEFAULT_GROUP],
        message: `"${DEFAULT_GROUP}" is the group of the top-level intervalSeconds; choose another name`,
      });
    }
    // A canary whose address the guard blocks could never be checked. Only
    // IP literals can be tested here; a host name is checked when it resolves.
    // Values that failed their own checks are reported there and skipped here.
    let guard: ReturnType<typeof createAddressGuard>;
    try {
      guard = createAddressGuard(config.allowedCidrs);
    } catch {
      return;
    }
    const { canaries } = config.correlation;
    const literals: Array<{ path: (string | number)[]; host: string | null }> = [
      ...canaries.urls.map((url, index) => ({ path: ["correlation", "canaries", "urls", index], host: literalHost(() => hostnameFromUrl(new URL(url))) })),
      ...canaries.tcp.map((value, index) => ({ path: ["correlation", "canaries", "tcp", index], host: literalHost(() => parseHostPort(value).host) })),
    ];
    for (const { path, host } of literals) {
      if (host === null) continue;
      const verdict = guard.check(host);
      if (!verdict.allowed) {
        context.addIssue({
          code: "custom",
          path,
          message: `canary address ${host} is in the blocked range ${verdict.range}; add it to allowedCidrs or remove the canary`,
          params: { rule: "blocked_canary", value: host, range: verdict.range },
        });
      }
    }
  });

/** Returns the host that `read` extracts when it is an IP literal, or null for a host name or an unreadable value. */
function literalHost(read: () => string): string | null {
  try {
    const host = read();
    return isIP(host) === 0 ? null : host;
  } catch {
    return null;
  }
}

export type ProbeConfig = z.infer<typeof probeConfigSchema>;
export type ProbeConfigInput = z.input<typeof probeConfigSchema>;

/** Parses a probe config and throws a ZodError that lists every invalid field. */
export function parseProbeConfig(input: unknown): ProbeConfig {
  return probeConfigSchema.parse(input ?? {});
}
