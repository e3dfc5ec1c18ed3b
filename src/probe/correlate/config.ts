// Settings of the correlated-degradation detector and its canaries, validated
// with zod. Every field has a default, so an empty object is a working setup
// with no canaries.

import { z } from "zod";

import { TLP_LABELS } from "../../bot/commands/types.ts";

export const DEFAULT_CORRELATION = {
  windowMinutes: 5,
  minOperators: 3,
  sectorShare: 0.5,
  sectorMinOperators: 2,
  sharedMinOperators: 2,
  standingOutageHours: 6,
  resolveAfterMinutes: 5,
  evaluateSeconds: 15,
} as const;

const canarySchema = z
  .strictObject({
    /** http(s) URLs of reference sites outside the observed operators, such as the bot's own sites. */
    urls: z.array(z.url({ protocol: /^https?$/ })).default([]),
    /** host:port pairs reached with a TCP connect, such as public DNS resolvers on port 53. */
    tcp: z.array(z.string().regex(/^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):\d{1,5}$/, "expected host:port, such as 192.0.2.53:53 or [2001:db8::53]:53")).default([]),
    /** Share of canaries that must fail for the prober's own connectivity to count as lost. */
    failShare: z.number().gt(0).max(1).default(0.5),
    /** Deadline of one canary check in milliseconds. */
    timeoutMs: z.number().int().min(100).default(5_000),
  })
  .default({ urls: [], tcp: [], failShare: 0.5, timeoutMs: 5_000 });

export const correlationSchema = z
  .strictObject({
    /** Raises alerts while probing runs. */
    enabled: z.boolean().default(true),
    /** Operators that degraded at any time in this window count together. */
    windowMinutes: z.number().int().min(1).max(120).default(DEFAULT_CORRELATION.windowMinutes),
    /** Degraded operators on distinct networks (/24 or /48) that make a campaign alert. */
    minOperators: z.number().int().min(2).default(DEFAULT_CORRELATION.minOperators),
    /** Share of one sector's operators that makes a sector alert, together with sectorMinOperators. */
    sectorShare: z.number().gt(0).max(1).default(DEFAULT_CORRELATION.sectorShare),
    sectorMinOperators: z.number().int().min(2).default(DEFAULT_CORRELATION.sectorMinOperators),
    /** Degraded operators on one address or prefix that make a shared-infrastructure alert. */
    sharedMinOperators: z.number().int().min(2).default(DEFAULT_CORRELATION.sharedMinOperators),
    /** An operator degraded for longer than this is a standing outage and does not start an alert. */
    standingOutageHours: z.number().positive().default(DEFAULT_CORRELATION.standingOutageHours),
    /** An alert resolves once none of its operators has been degraded for this long. */
    resolveAfterMinutes: z.number().int().min(1).default(DEFAULT_CORRELATION.resolveAfterMinutes),
    /** Seconds between evaluations (and canary checks) while probing runs. */
    evaluateSeconds: z.number().int().min(1).max(600).default(DEFAULT_CORRELATION.evaluateSeconds),
    /** TLP label of alert posts. */
    tlp: z.enum(TLP_LABELS).default("AMBER"),
    canaries: canarySchema,
  })
  .default({
    enabled: true,
    ...DEFAULT_CORRELATION,
    tlp: "AMBER",
    canaries: { urls: [], tcp: [], failShare: 0.5, timeoutMs: 5_000 },
  });

export type CorrelationConfig = z.infer<typeof correlationSchema>;
