// Broadcast renderers of the scheduled posts. The outbox stores only a type
// and a payload. Each destination renders the post when it is sent, in its
// own language and within its own TLP clearance.
import { z } from "zod";
import type { ProbeSectionSource } from "../../phases/summary/probe-section.ts";
import type { ReminderType } from "../../phases/reminders/types.ts";
import { weekStartingOn } from "../../phases/summary/week.ts";
import type { BroadcastRenderers, BroadcastRenderInput } from "../delivery/broadcast.ts";
import { renderMeetingReminder } from "./render-meeting.ts";
import { renderWeeklySummary } from "./render-summary.ts";
import {
  renderExpectedStartReminder,
  renderMitigationOverdueReminder,
  renderRequestAckReminder,
  renderRetrospectiveOverdueReminder,
  type ThreadReminderInput,
} from "./render-thread-reminders.ts";

export const WEEKLY_SUMMARY_TYPE = "weekly_summary";

export const summaryPayloadSchema = z.object({
  /** Monday of the week, ISO date. */
  weekStart: z.string(),
  /** Zone of the week's boundaries; the renderer's zone when absent. */
  timeZone: z.string().optional(),
  /** When the summary was due. */
  scheduledAt: z.iso.datetime().optional(),
  /** True when it was stored after its time, so the post shows a late note. */
  late: z.boolean().optional(),
});

export type SummaryPayload = z.infer<typeof summaryPayloadSchema>;

const idSchema = z.number().int().positive();
const reminderPayloadSchemas = {
  reminder_expected_start: z.object({ noticeId: idSchema }),
  reminder_request_ack: z.object({ requestId: idSchema, repeat: z.number().int().positive(), at: z.iso.datetime() }),
  reminder_mitigation_overdue: z.object({ incidentId: idSchema, days: z.number().positive() }),
  reminder_retrospective_overdue: z.object({ incidentId: idSchema, days: z.number().positive() }),
  reminder_retrospective_meeting: z.object({
    period: z.enum(["month", "quarter"]),
    label: z.string(),
    startDate: z.string(),
    endDate: z.string(),
    timeZone: z.string(),
  }),
} satisfies Record<ReminderType, z.ZodType>;

export interface ScheduleRendererOptions {
  /** Adds homepage-probe figures to weekly summaries. */
  probeSection?: ProbeSectionSource;
  /** The clock of "in progress" notes and elapsed times; the current time when absent. */
  now?: () => Date;
}

/** Registers the weekly summary and every reminder type. */
export function registerScheduleRenderers(broadcasts: BroadcastRenderers, options: ScheduleRendererOptions = {}): void {
  const now = options.now ?? (() => new Date());

  broadcasts.register(WEEKLY_SUMMARY_TYPE, async ({ db, directory, context, destination, payload }) => {
    const parsed = summaryPayloadSchema.parse(payload);
    const timeZone = parsed.timeZone ?? context.timeZone;
    const probeSection = await options.probeSection?.(weekStartingOn(parsed.weekStart, timeZone));
    const lateSince = parsed.late && parsed.scheduledAt ? new Date(parsed.scheduledAt) : undefined;
    return renderWeeklySummary(db, directory, context, destination.maxTlp, parsed.weekStart, { timeZone, now: now(), lateSince, probeSection });
  });

  const threadInput = <P>(input: BroadcastRenderInput, payload: P): ThreadReminderInput<P> => ({
    db: input.db,
    directory: input.directory,
    context: input.context,
    maxTlp: input.destination.maxTlp,
    payload,
    now: now(),
  });
  broadcasts.register("reminder_expected_start", (input) =>
    renderExpectedStartReminder(threadInput(input, reminderPayloadSchemas.reminder_expected_start.parse(input.payload))),
  );
  broadcasts.register("reminder_request_ack", (input) =>
    renderRequestAckReminder(threadInput(input, reminderPayloadSchemas.reminder_request_ack.parse(input.payload))),
  );
  broadcasts.register("reminder_mitigation_overdue", (input) =>
    renderMitigationOverdueReminder(threadInput(input, reminderPayloadSchemas.reminder_mitigation_overdue.parse(input.payload))),
  );
  broadcasts.register("reminder_retrospective_overdue", (input) =>
    renderRetrospectiveOverdueReminder(threadInput(input, reminderPayloadSchemas.reminder_retrospective_overdue.parse(input.payload))),
  );
  broadcasts.register("reminder_retrospective_meeting", (input) =>
    renderMeetingReminder(input.db, input.context, input.destination.maxTlp, reminderPayloadSchemas.reminder_retrospective_meeting.parse(input.payload)),
  );
}
