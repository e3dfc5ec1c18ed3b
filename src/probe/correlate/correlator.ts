// The correlation service: every few seconds it checks the canaries, reads
// the health of every probed target, applies the rules, and moves the alert
// episode on. Alerts and their updates go to the outbox; the delivery worker
// sends them to every configured platform.

import type { Destination } from "../../bot/delivery/types.ts";
import type { Database } from "../../db/client.ts";
import { setCorrelatedAlertsOpen } from "../../ops/metrics.ts";
import type { AddressGuard } from "../address-guard.ts";
import type { HealthEvidence, HealthSnapshot, HealthTransition } from "../health.ts";
import type { ProbeLogger, ProbeOptions } from "../types.ts";
import { alertState, loadOpenAlert, openConnectivityAlert, parseMembers, resolveAlert, storeDecision, type StoreContext } from "./alert-store.ts";
import { checkCanaries, connectivityLost, isBlockedCanary, type CanaryDeps, type CanaryResult } from "./canary.ts";
import type { CorrelationConfig } from "./config.ts";
import { decideEpisode } from "./episode.ts";
import { evaluate } from "./rules.ts";
import { currentSilences, silenceCheck } from "./silences.ts";
import type { EpisodeDecision, Evaluation, TargetView } from "./types.ts";

export interface CorrelatorOptions {
  db: Database;
  logger: ProbeLogger;
  config: CorrelationConfig;
  destinations: () => readonly Destination[];
  /** Called after alert posts were stored, so the delivery worker sends them now. */
  wakeDelivery: () => void;
  /** Current health of every target that has been probed. */
  health: () => ReadonlyMap<number, HealthSnapshot>;
  /** Address that each target's latest probe connected to. */
  addresses: () => ReadonlyMap<number, string | null>;
  addressGuard: AddressGuard;
  probeOptions?: Partial<ProbeOptions>;
  /** Replaces the canary checks, for tests of the gate. */
  canaryDeps?: Partial<CanaryDeps>;
  now?: () => Date;
}

export interface EvaluationReport {
  at: Date;
  /** Canary results of this evaluation; empty without canaries. */
  canaries: CanaryResult[];
  connectivityLost: boolean;
  evaluation: Evaluation | null;
  decision: EpisodeDecision["kind"] | "gated";
  /** Open correlated alert after the evaluation. */
  alertId: number | null;
}

export interface Correlator {
  /** True while the latest canary check found the prober's own connectivity lost. */
  connectivityLost(): boolean;
  /** Records a target's health change, for the window of recently recovered targets. */
  noteTransition(targetId: number, transition: HealthTransition): void;
  /** Runs one evaluation now, after any evaluation already under way. */
  evaluate(): Promise<EvaluationReport>;
  /** Reads what the previous run left: recently recovered targets and an open connectivity warning. */
  restore(): Promise<void>;
  /** Starts evaluating every `evaluateSeconds`. */
  start(): void;
  stop(): Promise<void>;
}

interface RecoveredEpisode {
  recoveredAt: Date;
  /** Start of the episode; null when its start is no longer stored. */
  since: Date | null;
  evidence: HealthEvidence[];
}

/** Reads the evidence list of a stored HealthTransition row. */
function evidenceOf(json: string): HealthEvidence[] {
  try {
    const parsed = JSON.parse(json) as { evidence?: HealthEvidence[] };
    return Array.isArray(parsed.evidence) ? parsed.evidence : [];
  } catch {
    return [];
  }
}

interface TargetMeta {
  id: number;
  url: string;
  operatorId: number;
  operator: string;
  sector: string;
}


export function createCorrelator(options: CorrelatorOptions): Correlator {
  const { db, logger, config } = options;
  const now = options.now ?? (() => new Date());
  // The latest degraded episode of each target that recovered inside the window.
  const recovered = new Map<number, RecoveredEpisode>();
  // Start and evidence of each degraded episode in progress, kept for when it recovers.
  const degradedEpisodes = new Map<number, { since: Date; evidence: HealthEvidence[] }>();
  let lost = false;
  const reportedBlocked = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<EvaluationReport> | undefined;
  let targets: { version: string; rows: TargetMeta[] } | undefined;
  // Recoveries up to the latest resolution belong to that episode (or an
  // older one) and must not count toward a new alert.
  let lastResolvedAt = new Date(0);

  const store = (): StoreContext => ({ db, destinations: options.destinations(), tlp: config.tlp });

  /**
   * Returns the probed targets with their operator and sector. Every change
   * to a target moves its updatedAt, so the full list (10,000 rows at the
   * scale this is built for) is read again only after a change.
   */
  async function loadTargets(): Promise<TargetMeta[]> {
    const where = { enabled: true, removedAt: null };
    const summary = await db.probeTarget.aggregate({ where, _count: { _all: true }, _max: { updatedAt: true, id: true } });
    const version = `${summary._count._all}:${summary._max.id}:${summary._max.updatedAt?.getTime()}`;
    if (targets?.version === version) return targets.rows;
    const rows = await db.probeTarget.findMany({
      where,
      select: { id: true, url: true, operatorId: true, operator: { select: { name: true, sector: { select: { name: true } } } } },
    });
    const metas = rows.map((row) => ({ id: row.id, url: row.url, operatorId: row.operatorId, operator: row.operator.name, sector: row.operator.sector.name }));
    targets = { version, rows: metas };
    return metas;
  }

  function recoveredSinceResolution(targetId: number): RecoveredEpisode | null {
    const episode = recovered.get(targetId);
    return episode !== undefined && episode.recoveredAt > lastResolvedAt ? episode : null;
  }

  function views(metas: readonly TargetMeta[]): TargetView[] {
    const health = options.health();
    const addresses = options.addresses();
    return metas.map((meta) => {
      const snapshot = health.get(meta.id);
      const degraded = snapshot?.state === "degraded";
      const episode = degraded ? null : recoveredSinceResolution(meta.id);
      return {
        targetId: meta.id,
        url: meta.url,
        operatorId: meta.operatorId,
        operator: meta.operator,
        sector: meta.sector,
        state: snapshot?.state ?? "unknown",
        degradedSince: degraded && snapshot.since !== null ? new Date(snapshot.since) : null,
        recoveredAt: episode?.recoveredAt ?? null,
        recoveredEpisodeSince: episode?.since ?? null,
        recoveredEpisodeEvidence: episode?.evidence ?? [],
        address: addresses.get(meta.id) ?? null,
        evidence: snapshot?.streakEvidence ?? [],
      };
    });
  }

  async function gate(at: Date): Promise<CanaryResult[]> {
    const settings = config.canaries;
    if (settings.urls.length + settings.tcp.length === 0) return [];
    const results = await checkCanaries(settings, {
      addressGuard: options.addressGuard,
      probeOptions: options.probeOptions,
      ...(options.probeOptions?.resolveHost ? { resolveHost: options.probeOptions.resolveHost } : {}),
      ...options.canaryDeps,
    });
    for (const result of results.filter(isBlockedCanary)) {
      if (reportedBlocked.has(result.canary)) continue;
      reportedBlocked.add(result.canary);
      logger.error?.({ canary: result.canary }, "Canary skipped: its address is in a blocked range; add the range to probe.allowedCidrs or remove the canary");
    }
    const nowLost = connectivityLost(results, settings.failShare);
    const open = await loadOpenAlert(db, "connectivity");
    if (nowLost && open === null) {
      const alert = await openConnectivityAlert(store(), results, at);
      logger.warn({ alertId: alert.id, failed: results.filter((result) => !result.ok).map((result) => result.canary) }, "Canaries failed: the prober's own connectivity looks lost");
      options.wakeDelivery();
    } else if (!nowLost && open !== null) {
      await resolveAlert(store(), open, at, at.getTime() - open.openedAt.getTime());
      logger.info({ alertId: open.id }, "Canaries reachable again: prober connectivity restored");
      options.wakeDelivery();
    }
    lost = nowLost;
    return results;
  }

  async function runEvaluation(): Promise<EvaluationReport> {
    const at = now();
    const canaries = await gate(at);
    const open = await loadOpenAlert(db, "correlated");
    if (lost) {
      return { at, canaries, connectivityLost: true, evaluation: null, decision: "gated", alertId: open?.id ?? null };
    }

    // Recovered targets older than the window no longer count.
    for (const [targetId, episode] of recovered) {
      if (at.getTime() - episode.recoveredAt.getTime() > config.windowMinutes * 60_000) recovered.delete(targetId);
    }
    const silenced = silenceCheck(await currentSilences(db, at), at);
    const evaluation = evaluate(views(await loadTargets()), at, config, silenced);
    const decision = decideEpisode(open === null ? null : alertState(open), evaluation, config);
    const stored = await storeDecision(store(), open, decision, at);
    if (decision.kind === "resolve") lastResolvedAt = at;

    if (decision.kind === "open" || decision.kind === "update" || decision.kind === "resolve") {
      options.wakeDelivery();
      const members = stored === null ? [] : parseMembers(stored).map((member) => member.operator);
      logger.info({ alertId: stored?.id, decision: decision.kind, rule: stored?.rule, operators: members }, "Correlated-degradation alert changed");
    }
    const openId = decision.kind === "resolve" || stored?.state === "resolved" ? null : (stored?.id ?? open?.id ?? null);
    setCorrelatedAlertsOpen(openId === null ? 0 : 1);
    return { at, canaries, connectivityLost: false, evaluation, decision: decision.kind, alertId: openId };
  }

  function noteChange(targetId: number, from: string, to: string, at: Date, evidence: HealthEvidence[]): void {
    if (to === "degraded") {
      degradedEpisodes.set(targetId, { since: at, evidence });
      recovered.delete(targetId);
      return;
    }
    const episode = degradedEpisodes.get(targetId);
    degradedEpisodes.delete(targetId);
    if (from === "degraded") recovered.set(targetId, { recoveredAt: at, since: episode?.since ?? null, evidence: episode?.evidence ?? [] });
    else recovered.delete(targetId);
  }

  const correlator: Correlator = {
    connectivityLost: () => lost,
    noteTransition(targetId, transition) {
      noteChange(targetId, transition.from, transition.to, new Date(transition.at), transition.evidence);
    },
    evaluate() {
      const next = (running ?? Promise.resolve()).catch(() => undefined).then(runEvaluation);
      running = next;
      return next;
    },
    async restore() {
      // Targets that recovered shortly before a restart still count inside the window.
      const since = new Date(now().getTime() - config.windowMinutes * 60_000);
      const recent = await db.healthTransition.findMany({
        where: { at: { gte: since } },
        orderBy: { at: "asc" },
        select: { targetId: true, at: true, fromState: true, toState: true, evidence: true },
      });
      for (const row of recent) {
        // The degraded transition of an episode that recovered inside the window may be older than the window.
        if (row.fromState === "degraded" && !degradedEpisodes.has(row.targetId)) {
          const start = await db.healthTransition.findFirst({
            where: { targetId: row.targetId, toState: "degraded", at: { lt: row.at } },
            orderBy: { at: "desc" },
            select: { at: true, evidence: true },
          });
          if (start !== null) degradedEpisodes.set(row.targetId, { since: start.at, evidence: evidenceOf(start.evidence) });
        }
        noteChange(row.targetId, row.fromState, row.toState, row.at, evidenceOf(row.evidence));
      }
      const resolved = await db.probeAlert.findFirst({ where: { kind: "correlated", state: "resolved" }, orderBy: { resolvedAt: "desc" }, select: { resolvedAt: true } });
      lastResolvedAt = resolved?.resolvedAt ?? new Date(0);
      const openConnectivity = await loadOpenAlert(db, "connectivity");
      lost = openConnectivity !== null;
      setCorrelatedAlertsOpen((await loadOpenAlert(db, "correlated")) === null ? 0 : 1);
    },
    start() {
      timer = setInterval(() => {
        void correlator.evaluate().catch((error: unknown) => logger.warn({ err: error }, "Correlated-degradation evaluation failed"));
      }, config.evaluateSeconds * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },
  };
  return correlator;
}
