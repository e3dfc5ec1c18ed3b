// Readiness: the database responds to SELECT 1, every configured platform
// is connected, and no configured platform's outbox has a post pending for
// longer than the limit.
import { readPendingPosts } from "./outbox-stats.ts";
import type { OpsSources } from "./sources.ts";

export const DEFAULT_OUTBOX_STUCK_AFTER_MS = 10 * 60 * 1000;
export const DEFAULT_DATABASE_TIMEOUT_MS = 2_000;

export interface ReadinessOptions extends OpsSources {
  /** A pending post older than this makes the bot not ready. Default 10 minutes. */
  outboxStuckAfterMs?: number;
  /** Time allowed for each database query of the check. Default 2 s. */
  databaseTimeoutMs?: number;
  now?: () => Date;
}

export interface CheckResult {
  /** "database", "platform:<name>" or "outbox". */
  name: string;
  ok: boolean;
  /** Reason the check failed. */
  error?: string;
  /** For the outbox check: the oldest pending post's age, in seconds, over the configured platforms. */
  oldestPendingSeconds?: number;
}

export interface ReadinessReport {
  ready: boolean;
  checks: CheckResult[];
  /** Names of the failed checks. */
  failing: string[];
}

export async function checkReadiness(options: ReadinessOptions): Promise<ReadinessReport> {
  const timeoutMs = options.databaseTimeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS;
  const platformChecks = options.platforms.map(checkPlatform);
  const [database, outbox] = await Promise.all([checkDatabase(options, timeoutMs), checkOutbox(options, timeoutMs)]);

  const checks = [database, ...platformChecks, outbox];
  const failing = checks.filter((check) => !check.ok).map((check) => check.name);
  return { ready: failing.length === 0, checks, failing };
}

async function checkDatabase(options: ReadinessOptions, timeoutMs: number): Promise<CheckResult> {
  try {
    await withTimeout(options.db.$queryRawUnsafe("SELECT 1"), timeoutMs, "SELECT 1");
    return { name: "database", ok: true };
  } catch (error) {
    return { name: "database", ok: false, error: errorText(error) };
  }
}

function checkPlatform(platform: OpsSources["platforms"][number]): CheckResult {
  const name = `platform:${platform.name}`;
  try {
    return platform.isConnected() ? { name, ok: true } : { name, ok: false, error: "disconnected" };
  } catch (error) {
    return { name, ok: false, error: errorText(error) };
  }
}

async function checkOutbox(options: ReadinessOptions, timeoutMs: number): Promise<CheckResult> {
  const limitMs = options.outboxStuckAfterMs ?? DEFAULT_OUTBOX_STUCK_AFTER_MS;
  const now = (options.now?.() ?? new Date()).getTime();
  // Only configured platforms count: posts left for a platform that was
  // removed from the configuration are never sent and must not keep the bot
  // unready forever.
  const configured = new Set(options.platforms.map((platform) => platform.name));

  let pending;
  try {
    pending = await withTimeout(readPendingPosts(options.db), timeoutMs, "outbox query");
  } catch (error) {
    return { name: "outbox", ok: false, error: errorText(error) };
  }

  let oldest: { platform: string; ageMs: number } | undefined;
  for (const stats of pending) {
    if (!configured.has(stats.platform)) continue;
    const ageMs = now - stats.oldestCreatedAt.getTime();
    if (!oldest || ageMs > oldest.ageMs) oldest = { platform: stats.platform, ageMs };
  }
  if (!oldest) return { name: "outbox", ok: true, oldestPendingSeconds: 0 };

  const oldestPendingSeconds = Math.round(oldest.ageMs / 1000);
  if (oldest.ageMs <= limitMs) return { name: "outbox", ok: true, oldestPendingSeconds };
  return {
    name: "outbox",
    ok: false,
    error: `a ${oldest.platform} post has been pending for ${oldestPendingSeconds} s, longer than the limit of ${Math.round(limitMs / 1000)} s`,
    oldestPendingSeconds,
  };
}

function withTimeout<T>(work: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${operation} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
