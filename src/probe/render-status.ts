// Turns overview and drill-down data into reply lines in the member's language.

import type { Locale } from "../config.ts";
import type { ProbeMessages, StatsText } from "./messages.ts";
import { sectorLabel } from "./sectors.ts";
import type { Detail, Selector, WindowSet } from "./views/detail.ts";
import type { Overview } from "./views/overview.ts";
import { availabilityOf, WINDOW_NAMES, type WindowName, type WindowStats } from "./views/window-stats.ts";

export interface RenderContext {
  messages: ProbeMessages;
  locale: Locale;
  timeZone: string;
}

export interface RenderedStatus {
  title: string;
  lines: string[];
}

function percent(stats: WindowStats, messages: ProbeMessages): string {
  const availability = availabilityOf(stats);
  return availability === null ? messages.status.noData : `${(availability * 100).toFixed(1)}%`;
}

function milliseconds(value: number | null, messages: ProbeMessages): string {
  return value === null ? messages.status.noData : `${Math.round(value)} ms`;
}

/** Formats one window's figures. Without any loaded page there is no median, so the text leaves it out. */
function statsText(window: WindowName, stats: WindowStats, messages: ProbeMessages): StatsText {
  return { window: messages.windows[window], availability: percent(stats, messages), median: stats.medianMs === null ? "" : milliseconds(stats.medianMs, messages) };
}

function windowLine(windows: WindowSet, messages: ProbeMessages): StatsText[] {
  return WINDOW_NAMES.map((window) => statsText(window, windows[window], messages));
}

/** Formats an instant as "12/24 21:05:09" in the member's zone. */
export function shortTime(ms: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(ms));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? "";
  return `${part("month")}/${part("day")} ${part("hour")}:${part("minute")}:${part("second")}`;
}

export function selectorLabel(selector: Selector, messages: ProbeMessages, sectorEn: string | null, locale: Locale): string {
  switch (selector.kind) {
    case "sector":
      return messages.selectors.sector(sectorLabel({ name: selector.sector, nameEn: sectorEn }, locale));
    case "operator":
      return messages.selectors.operator(selector.operator);
    case "url":
      return messages.selectors.url(selector.url);
    case "address":
      return messages.selectors.address(selector.address);
    case "prefix":
      return messages.selectors.prefix(selector.prefix);
  }
}

export function renderOverview(overview: Overview, context: RenderContext): RenderedStatus {
  const { messages, locale } = context;
  const title = messages.status.overviewTitle(overview.operators, overview.targets);
  if (overview.targets === 0) {
    return { title, lines: [messages.status.noTargets] };
  }

  const lines = [messages.status.sectorsHeader];
  for (const sector of overview.sectors) {
    lines.push(messages.status.sectorLine(sectorLabel({ name: sector.sector, nameEn: sector.sectorEn }, locale), sector.operators));
  }

  if (overview.worstOperators.length === 0) {
    lines.push(messages.status.allUp);
  } else {
    lines.push(messages.status.worstHeader);
    for (const summary of overview.worstOperators) {
      lines.push(
        messages.status.worstLine(
          summary.operator,
          sectorLabel({ name: summary.sector, nameEn: summary.sectorEn }, locale),
          messages.conditions[summary.condition],
          summary.badTargets,
          summary.targets,
          statsText("hour", summary.lastHour, messages),
        ),
      );
    }
  }

  const sections = [
    { header: messages.status.sharedAddressesHeader, groups: overview.sharedAddresses },
    { header: messages.status.sharedPrefixesHeader, groups: overview.sharedPrefixes },
  ];
  for (const section of sections) {
    if (section.groups.length === 0) continue;
    lines.push(section.header);
    for (const group of section.groups) {
      lines.push(messages.status.groupLine(group.key, group.targets, group.operators, group.down, group.degraded));
    }
  }
  return { title, lines };
}

export function renderDetail(detail: Detail, context: RenderContext, sectorEn: string | null): RenderedStatus {
  const { messages, locale, timeZone } = context;
  const selection = selectorLabel(detail.selector, messages, sectorEn, locale);
  const title = messages.status.detailTitle(selection, detail.targetCount);
  const lines = [messages.status.totalsHeader, messages.status.statsLine(windowLine(detail.totals, messages))];

  if (detail.operators.length > 1) {
    lines.push(messages.status.operatorsHeader);
    for (const operator of detail.operators) {
      const stats = windowLine(operator.windows, messages)
        .map((text) => [text.window, text.availability, text.median].filter((part) => part !== "").join(" "))
        .join(" / ");
      lines.push(messages.status.operatorLine(operator.operator, messages.conditions[operator.condition], operator.targets, stats));
    }
  }

  lines.push(messages.status.targetsHeader);
  for (const target of detail.targets) {
    const since = target.since === null ? null : shortTime(Date.parse(target.since), timeZone);
    lines.push(messages.status.targetLine(target.row.id, target.row.url, target.row.operator, messages.conditions[target.row.condition], since));
    if (detail.targets.length <= 3) {
      lines.push(messages.status.statsLine(windowLine(target.windows, messages)));
    }
    const latest = target.recent[0];
    if (latest === undefined) {
      lines.push(messages.status.noRecent);
      continue;
    }
    lines.push(
      messages.status.recentLine(
        target.recent.map((probe) => messages.status.recentProbe(shortTime(probe.startedAtMs, timeZone), messages.outcomes[probe.outcome], probe.totalMs)),
      ),
    );
    lines.push(
      messages.status.phaseTimings(
        milliseconds(latest.dnsMs, messages),
        milliseconds(latest.connectMs, messages),
        milliseconds(latest.tlsMs, messages),
        milliseconds(latest.firstByteMs, messages),
        latest.address ?? messages.status.noData,
      ),
    );
  }
  if (detail.targetCount > detail.targets.length) {
    lines.push(messages.status.moreTargets(detail.targetCount - detail.targets.length));
  }
  lines.push(messages.status.medianNote);
  return { title, lines };
}
