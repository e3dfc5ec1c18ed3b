// Renders the weekly summary as a Reply in the audience's language. Counts
// cover every record. Details (titles, targets, attacker names, request
// text, organization names) appear only for records within the audience's
// TLP clearance, and the other records are counted per label.
import type { Database } from "../../db/client.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import { computeWeeklySummary, UNSPECIFIED_VECTOR } from "../../phases/summary/compute.ts";
import type { ProbeSection } from "../../phases/summary/probe-section.ts";
import type { DurationStats, Labelled, WeeklySummary } from "../../phases/summary/types.ts";
import { formatDate, parseIsoDate, shiftDate, weekStartingOn } from "../../phases/summary/week.ts";
import { INCIDENT_STATES } from "../../phases/states.ts";
import { mostRestrictive } from "../../phases/tlp.ts";
import type { AttackVector, MitigationAction, Tlp } from "../commands/types.ts";
import type { RequestState } from "../messages/catalog/types.ts";
import { formatDuration, formatTime } from "../messages/format.ts";
import { withinClearance } from "../messages/visibility.ts";
import type { LineContext } from "../messages/record-lines.ts";
import { reply, type Reply } from "../messages/reply.ts";
import { summaryTexts, type SummaryTexts } from "./summary-texts.ts";
import { partitionByClearance, withheldLine } from "./withholding.ts";

/** Items listed per section before the rest are only counted. */
const MAX_ITEMS = 15;

/**
 * Label of a summary that shows no details. Its counts describe members'
 * records, which is community information, so an audience cleared only for
 * TLP:CLEAR gets no summary at all.
 */
export const SUMMARY_MIN_TLP: Tlp = "GREEN";

export interface SummaryRenderOptions {
  /** Zone of the week's boundaries, or the context's zone when absent. */
  timeZone?: string;
  /** The clock for a week still in progress, or the current time when absent. */
  now?: Date;
  /** When the summary was due, for a summary stored after its time. */
  lateSince?: Date;
  probeSection?: ProbeSection;
}

/** Computes and renders the summary of the week starting on `weekStartDate` (an ISO date, a Monday). */
export async function renderWeeklySummary(
  db: Database,
  directory: MemberDirectory,
  context: LineContext,
  maxTlp: Tlp,
  weekStartDate: string,
  options: SummaryRenderOptions = {},
): Promise<Reply> {
  const week = weekStartingOn(weekStartDate, options.timeZone ?? context.timeZone);
  const summary = await computeWeeklySummary(db, week, options.now ?? new Date());
  return renderSummaryReply(context, directory, summary, maxTlp, options);
}

export function renderSummaryReply(
  context: LineContext,
  directory: MemberDirectory,
  summary: WeeklySummary,
  maxTlp: Tlp,
  options: Pick<SummaryRenderOptions, "lateSince" | "probeSection"> = {},
): Reply {
  const texts = summaryTexts[context.locale];
  const { week } = summary;
  const lastDay = formatDate(shiftDate(parseIsoDate(week.startDate)!, 6));
  const title = texts.title(week.isoWeek, week.startDate, lastDay);
  if (!withinClearance(SUMMARY_MIN_TLP, maxTlp)) return reply(title, [texts.withheldSummary(SUMMARY_MIN_TLP)], [], SUMMARY_MIN_TLP);

  const builder = new SummaryLines(context, maxTlp);
  if (options.lateSince) builder.line(texts.late(formatTime(options.lateSince, context.timeZone)));
  if (summary.inProgress) builder.line(texts.inProgress(formatTime(summary.computedAt, context.timeZone)));
  addRecordSections(builder, directory, summary);
  if (options.probeSection) addProbeSection(builder, options.probeSection);

  const tlp = mostRestrictive([SUMMARY_MIN_TLP, ...builder.visibleLabels]);
  return reply(title, builder.lines, [texts.listHint], tlp);
}

/** Collects lines and the labels of every detail they show. */
class SummaryLines {
  readonly lines: string[] = [];
  readonly visibleLabels: Tlp[] = [];
  readonly texts: SummaryTexts;

  constructor(
    readonly context: LineContext,
    readonly maxTlp: Tlp,
  ) {
    this.texts = summaryTexts[context.locale];
  }

  line(text: string): void {
    this.lines.push(text);
  }

  /** Lists the items the audience may see, up to MAX_ITEMS, then counts the withheld ones after `kind`, if given. */
  items<T>(items: Labelled<T>[], format: (item: T) => string, kind?: string): void {
    const { visible, withheld, visibleLabels } = partitionByClearance(items, this.maxTlp);
    this.visibleLabels.push(...visibleLabels);
    for (const item of visible.slice(0, MAX_ITEMS)) this.lines.push(`  ${format(item)}`);
    if (visible.length > MAX_ITEMS) this.lines.push(`  ${this.texts.more(visible.length - MAX_ITEMS)}`);
    const hidden = withheldLine(this.texts, withheld, this.context.catalog.listSeparator);
    if (hidden) this.lines.push(kind ? `  ${kind} ${hidden}` : `  ${hidden}`);
  }

  /** "name 3 / name 2" without zero counts, most frequent first unless `keepOrder`, or "none". */
  counts(counts: Record<string, number>, name: (key: string) => string, keepOrder = false): void {
    const entries = Object.entries(counts).filter(([, count]) => count > 0);
    if (!keepOrder) entries.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    const text = entries.map(([key, count]) => `${name(key)} ${count}`).join(" / ");
    this.lines.push(`  ${text || this.texts.none}`);
  }

  stats(label: string, stats: DurationStats): void {
    const { locale } = this.context;
    if (stats.count === 0 || stats.medianMs === undefined || stats.maxMs === undefined || !stats.maxOf) {
      this.lines.push(`${label}: ${this.texts.none}`);
      return;
    }
    const of = stats.maxOf.requestId === undefined ? `#${stats.maxOf.incidentId}` : `R${stats.maxOf.requestId} #${stats.maxOf.incidentId}`;
    this.lines.push(`${label}: ${this.texts.stats(formatDuration(stats.medianMs, locale), formatDuration(stats.maxMs, locale), of, stats.count)}`);
  }
}

function addRecordSections(builder: SummaryLines, directory: MemberDirectory, summary: WeeklySummary): void {
  const { catalog, locale } = builder.context;
  const texts = builder.texts;
  const orgName = (org: string) => directory.organizationName(org);

  builder.line(texts.notices(summary.notices.length));
  builder.items(summary.notices, (notice) =>
    texts.noticeLine(`N${notice.noticeId}`, `#${notice.incidentId}`, notice.targets.join(catalog.listSeparator) || catalog.none, notice.attacker),
  );

  builder.line(texts.incidents(summary.opened.length, summary.closed.length));
  builder.items(summary.opened, (incident) => `${texts.opened} #${incident.incidentId} ${incident.title} — ${catalog.states[incident.state]}`, texts.opened);
  builder.items(summary.closed, (incident) => `${texts.closed} #${incident.incidentId} ${incident.title}`, texts.closed);

  builder.line(texts.states(!summary.inProgress));
  const byState = Object.fromEntries(INCIDENT_STATES.map((state) => [state, summary.byState[state]]));
  builder.counts(byState, (state) => catalog.states[state as keyof typeof catalog.states], true);

  builder.line(texts.detections(summary.observedDetections));
  builder.counts(summary.detectionsByVector, (vector) =>
    vector === UNSPECIFIED_VECTOR ? texts.unspecifiedVector : (catalog.vectors[vector as AttackVector] ?? vector),
  );
  builder.line(texts.affectedOrgs(summary.affectedOrgs.length));
  builder.items(summary.affectedOrgs, orgName);

  builder.line(texts.mitigations(summary.mitigations));
  builder.counts(summary.mitigationsByAction, (action) => catalog.actions[action as MitigationAction] ?? action);

  builder.stats(texts.detectionToMitigation, summary.detectionToMitigation);
  builder.stats(texts.requestToAcknowledgement, summary.requestToAcknowledgement);

  const asOf = Math.min(summary.week.end.getTime(), summary.computedAt.getTime());
  builder.line(texts.openRequests(summary.openRequests.length));
  builder.items(summary.openRequests, (request) => {
    const state = catalog.requestStates[request.state as RequestState];
    const age = formatDuration(Math.max(0, asOf - request.requestedAt.getTime()), locale);
    const head = texts.openRequestLine(`R${request.requestId}`, `#${request.incidentId}`, orgName(request.fromOrg), orgName(request.toOrg), state, age);
    return `${head}${request.urgent ? ` [${texts.urgent}]` : ""} — ${request.text}`;
  });

  builder.line(texts.openRetrospectives(summary.openRetrospectives.length));
  builder.items(summary.openRetrospectives, (item) =>
    texts.openRetrospectiveLine(`#${item.incidentId}`, item.title, catalog.states[item.state], texts.retrospectiveStatus[item.retrospective]),
  );
}

function addProbeSection(builder: SummaryLines, section: ProbeSection): void {
  const { texts, context } = builder;
  const tlp = section.tlp ?? "CLEAR";
  builder.line(texts.probes(section.alerts));
  if (section.correlatedAlerts !== undefined) builder.line(texts.probeCorrelated(section.correlatedAlerts));
  if (!withinClearance(tlp, builder.maxTlp)) {
    const hidden = withheldLine(texts, section.sectors.length > 0 ? [{ tlp, count: section.sectors.length }] : [], context.catalog.listSeparator);
    if (hidden) builder.line(`  ${hidden}`);
    return;
  }
  builder.visibleLabels.push(tlp);
  for (const sector of section.sectors) {
    const name = context.locale === "en" && sector.sectorEn ? sector.sectorEn : sector.sector;
    const availability = sector.availability === undefined ? texts.noProbes : `${(sector.availability * 100).toFixed(1)}%`;
    builder.line(`  ${texts.probeSector(name, availability, sector.targets, sector.alerts)}`);
  }
}
