// Renders the retrospective meeting (振り返り会) reminder: the incidents
// opened during the month or fiscal quarter, with their retrospective status.
import type { Database } from "../../db/client.ts";
import { shiftMonth, type Month } from "../../phases/reminders/periods.ts";
import type { MeetingPayload } from "../../phases/reminders/types.ts";
import type { IncidentState } from "../../phases/states.ts";
import type { Labelled } from "../../phases/summary/types.ts";
import { parseIsoDate, startOfDay } from "../../phases/summary/week.ts";
import { mostRestrictive, toTlp } from "../../phases/tlp.ts";
import type { Tlp } from "../commands/types.ts";
import { withinClearance } from "../messages/visibility.ts";
import type { LineContext } from "../messages/record-lines.ts";
import { reply, type Reply } from "../messages/reply.ts";
import { reminderTexts, type ReminderTexts } from "./reminder-texts.ts";
import { SUMMARY_MIN_TLP } from "./render-summary.ts";
import { summaryTexts } from "./summary-texts.ts";
import { partitionByClearance, withheldLine } from "./withholding.ts";

const QUARTER_LABEL = /^FY(\d{4})-Q([1-4])$/;

function monthText(month: Month): string {
  return `${month.year}-${String(month.month).padStart(2, "0")}`;
}

function title(texts: ReminderTexts["meeting"], payload: MeetingPayload): string {
  const first = parseIsoDate(payload.startDate)!;
  const quarter = QUARTER_LABEL.exec(payload.label);
  if (payload.period === "quarter" && quarter) {
    const last = shiftMonth(parseIsoDate(payload.endDate)!, -1);
    return texts.quarterTitle(Number(quarter[1]), Number(quarter[2]), monthText(first), monthText(last));
  }
  return texts.monthTitle(first.year, first.month);
}

export async function renderMeetingReminder(db: Database, context: LineContext, maxTlp: Tlp, payload: MeetingPayload): Promise<Reply> {
  const texts = reminderTexts[context.locale].meeting;
  const heading = title(texts, payload);
  if (!withinClearance(SUMMARY_MIN_TLP, maxTlp)) {
    return reply(heading, [texts.withheld(SUMMARY_MIN_TLP)], [], SUMMARY_MIN_TLP);
  }

  const start = startOfDay(parseIsoDate(payload.startDate)!, payload.timeZone);
  const end = startOfDay(parseIsoDate(payload.endDate)!, payload.timeZone);
  const incidents = await db.incident.findMany({
    where: { createdAt: { gte: start, lt: end } },
    include: { retrospective: { select: { id: true } } },
    orderBy: { id: "asc" },
  });

  const items: Labelled<string>[] = incidents.map((incident) => {
    let status: keyof ReminderTexts["meeting"]["retrospective"] = "none";
    if (incident.retrospective) status = "open";
    if (incident.state === "closed") status = "closed";
    const state = context.catalog.states[incident.state as IncidentState];
    return { tlp: toTlp(incident.tlp), item: texts.incidentLine(`#${incident.id}`, incident.tlp, incident.title, state, texts.retrospective[status]) };
  });
  const { visible, withheld, visibleLabels } = partitionByClearance(items, maxTlp);

  const lines = [texts.intro, texts.count(incidents.length), ...visible.map((item) => `  ${item}`)];
  const hidden = withheldLine(summaryTexts[context.locale], withheld, context.catalog.listSeparator);
  if (hidden) lines.push(`  ${hidden}`);
  if (incidents.length === 0) lines.push(texts.empty);
  return reply(heading, lines, [texts.reviewHint], mostRestrictive([SUMMARY_MIN_TLP, ...visibleLabels]));
}
