// `/dos summary [week]`: the same summary the schedule posts, on demand.
import type { Database } from "../../db/client.ts";
import type { MemberDirectory } from "../../phases/actor.ts";
import type { ProbeSectionSource } from "../../phases/summary/probe-section.ts";
import { parseWeekArgument } from "../../phases/summary/week-argument.ts";
import type { Tlp } from "../commands/types.ts";
import type { LineContext } from "../messages/record-lines.ts";
import { errorReply, type Reply } from "../messages/reply.ts";
import { renderWeeklySummary } from "./render-summary.ts";
import { summaryTexts } from "./summary-texts.ts";

export interface SummaryCommandInput {
  db: Database;
  directory: MemberDirectory;
  context: LineContext;
  /** Maximum TLP label the reader of the reply may receive. */
  maxTlp: Tlp;
  /** The week as typed after `summary`; empty or undefined for the last complete week. */
  argument: string | undefined;
  now: Date;
  /** Zone of week boundaries; the context's zone when absent. */
  timeZone?: string;
  probeSection?: ProbeSectionSource;
}

/** Returns the summary of the requested week, or an error reply naming the accepted forms. */
export async function summaryCommandReply(input: SummaryCommandInput): Promise<Reply> {
  const { db, directory, context, maxTlp, now } = input;
  const timeZone = input.timeZone ?? context.timeZone;
  const parsed = parseWeekArgument(input.argument, { now, timeZone });
  if (!parsed.ok) return errorReply(summaryTexts[context.locale].weekArgumentErrors[parsed.error.code](parsed.error.value));

  const probeSection = await input.probeSection?.(parsed.week);
  return renderWeeklySummary(db, directory, context, maxTlp, parsed.week.startDate, { timeZone, now, probeSection });
}
